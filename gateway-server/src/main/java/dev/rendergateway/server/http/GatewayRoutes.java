package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/** The gateway's routing table: every public endpoint, each guarded, and a problem answer for the rest. */
public final class GatewayRoutes implements Consumer<HttpServerRoutes> {

    private final RenderHandlers renders;
    private final EventStreamHandlers events;
    private final HealthHandlers health;
    private final Replies replies;
    private final BrowserSupport browser;
    private final Json2VideoCompatHandlers compat;
    private final BatchHandlers batch;
    private final WebhookHandlers webhooks;

    public GatewayRoutes(RenderHandlers renders, EventStreamHandlers events, HealthHandlers health, Replies replies,
                         BrowserSupport browser, Json2VideoCompatHandlers compat, BatchHandlers batch,
                         WebhookHandlers webhooks) {
        this.webhooks = webhooks;
        this.renders = renders;
        this.events = events;
        this.health = health;
        this.replies = replies;
        this.browser = browser;
        this.compat = compat;
        this.batch = batch;
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.route(request -> request.method() == HttpMethod.OPTIONS, guard(browser.cors()::preflight))
                .post("/v1/renders", guard(renders::create))
                .post("/v1/renders/batch", guard(batch::submit))
                .get("/v1/renders", guard(renders::list))
                .get("/v1/renders/{id}", guard(renders::get))
                .delete("/v1/renders/{id}", guard(renders::cancel))
                .get("/v1/renders/{id}/events", guard(events::render))
                .get("/v1/events", guard(events::all))
                .post("/v1/tokens", guard(browser.tokens()::issue))
                .get("/", guard(browser.assets().handler("index.html")))
                .get("/health/live", guard(health::live))
                .get("/health/ready", guard(health::ready));
        browser.assets().names().forEach(name -> routes.get("/" + name, guard(browser.assets().handler(name))));
        // Webhooks: a render's caller deliveries, the tenant's signing secrets, and JSON2Video's calls (no key).
        routes.get("/v1/renders/{id}/deliveries", guard(webhooks::deliveries))
                .get("/v1/webhook-secret", guard(webhooks::secret))
                .post("/v1/webhook-secret/rotate", guard(webhooks::rotate))
                .post("/hooks/json2video/{id}/{token}", guard(webhooks::upstreamCall));
        // JSON2Video's own endpoint, for integrations that only change their base URL (x-api-key = gateway key).
        routes.post("/v2/movies", guard(compat::create))
                .get("/v2/movies", guard(compat::status))
                .route(request -> "/v2/movies".equals(request.fullPath()), guard(compat::methodNotAllowed));
        routes.route(request -> true, guard(this::unknown));
    }

    private Mono<Void> unknown(HttpServerRequest request, HttpServerResponse response) {
        return Mono.error(new ProblemException(Problem.notFound(
                "There is no endpoint " + request.method() + " " + request.fullPath() + ".")));
    }

    private GuardedHandler guard(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return new GuardedHandler((request, response) -> {
            browser.cors().decorate(request, response);
            return handler.apply(request, response);
        }, replies);
    }
}
