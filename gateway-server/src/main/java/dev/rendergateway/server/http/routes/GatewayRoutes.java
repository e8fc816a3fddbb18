package dev.rendergateway.server.http.routes;

import dev.rendergateway.server.tracing.ServerSpans;
import dev.rendergateway.server.http.GuardedHandler;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.Readiness;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestGuard;
import dev.rendergateway.server.http.RequestTimer;
import dev.rendergateway.server.http.RouteSpec;
import dev.rendergateway.server.http.batch.BatchHandlers;
import dev.rendergateway.server.http.compat.Json2VideoCompatHandlers;
import dev.rendergateway.server.http.events.EventStreamHandlers;
import dev.rendergateway.server.http.renders.RenderHandlers;
import dev.rendergateway.server.http.renders.UsageHandlers;
import dev.rendergateway.server.http.renders.WebhookHandlers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The gateway's routing table: every public endpoint as a {@link RouteSpec}, each guarded, and a problem
 * answer for the rest. The same table names the URI tags of metrics and is checked against openapi.json.
 */
public final class GatewayRoutes implements Consumer<HttpServerRoutes> {

    /** The URI tag of requests that match no route, so that unknown paths cannot grow the metrics. */
    public static final String UNMATCHED = "UNMATCHED";

    private static final String COMPAT_PATH = "/v2/movies";

    private final RenderHandlers renders;
    private final EventStreamHandlers events;
    private final OperationsHandlers operations;
    private final BrowserSupport browser;
    private final Json2VideoCompatHandlers compat;
    private final BatchHandlers batch;
    private final WebhookHandlers webhooks;
    private final UsageHandlers usage;
    private final RequestGuard guard;
    private final List<RouteSpec> table;
    private final AllowedMethods allowed;

    public GatewayRoutes(RenderHandlers renders, EventStreamHandlers events, OperationsHandlers operations,
                         BrowserSupport browser, Json2VideoCompatHandlers compat, BatchHandlers batch,
                         WebhookHandlers webhooks, UsageHandlers usage, Replies replies, Readiness readiness,
                         RequestTimer timer, ServerSpans spans) {
        this.renders = renders;
        this.events = events;
        this.operations = operations;
        this.browser = browser;
        this.compat = compat;
        this.batch = batch;
        this.webhooks = webhooks;
        this.usage = usage;
        this.guard = new RequestGuard(browser.cors(), replies, readiness, this::uriTag, timer, browser.notice(),
                spans);
        this.table = List.copyOf(table());
        this.allowed = new AllowedMethods(this.table);
    }

    /** Every endpoint served, in matching order (literal paths before templates that would also match). */
    public List<RouteSpec> routes() {
        return table;
    }

    /** The route template {@code path} matches (query ignored), or {@link #UNMATCHED}: a bounded metrics tag. */
    public String uriTag(String path) {
        int query = path.indexOf('?');
        String plain = query < 0 ? path : path.substring(0, query);
        for (RouteSpec route : table) {
            if (route.matches(plain)) {
                return route.path();
            }
        }
        return UNMATCHED;
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.route(request -> request.method() == HttpMethod.OPTIONS, guard.of(browser.cors()::preflight));
        for (RouteSpec route : table) {
            register(routes, route);
        }
        // HEAD wherever GET: the same handler; Netty's server codec drops the body of an answer to HEAD, and event
        // streams answer HEAD with their headers alone.
        for (RouteSpec route : table) {
            if (route.method() == HttpMethod.GET) {
                routes.head(route.path(), guard.of(route.path(), route.handler()));
            }
        }
        routes.route(request -> allowed.of(request.fullPath()).isPresent(), guard.of(this::methodNotAllowed));
        routes.route(request -> true, guard.of(this::unknown));
    }

    private List<RouteSpec> table() {
        List<RouteSpec> all = new ArrayList<>();
        addRenders(all);
        addBrowser(all);
        addOperations(all);
        addWebhooks(all);
        addCompat(all);
        return all;
    }

    private void addRenders(List<RouteSpec> all) {
        all.add(post("/v1/renders", renders::create));
        all.add(post("/v1/renders/batch", batch::submit));
        all.add(get("/v1/renders", renders::list));
        all.add(get("/v1/renders/{id}", renders::get));
        all.add(new RouteSpec(HttpMethod.DELETE, "/v1/renders/{id}", renders::cancel));
        all.add(get("/v1/renders/{id}/events", events::render));
        all.add(get("/v1/events", events::all));
        all.add(get("/v1/usage", usage::usage));
    }

    private void addBrowser(List<RouteSpec> all) {
        all.add(post("/v1/tokens", browser.tokens()::issue));
        all.add(get("/", browser.assets().handler("index.html")));
        browser.assets().names().forEach(name -> all.add(get("/" + name, browser.assets().handler(name))));
    }

    private void addOperations(List<RouteSpec> all) {
        all.add(get("/health/live", operations.health()::live));
        all.add(get("/health/ready", operations.health()::ready));
        all.add(get("/metrics", operations.metrics()::scrape));
        all.add(get("/openapi.json", operations.openapi()::serve));
    }

    /** A render's caller deliveries, the tenant's signing secrets, and JSON2Video's calls (no key). */
    private void addWebhooks(List<RouteSpec> all) {
        all.add(get("/v1/renders/{id}/deliveries", webhooks::deliveries));
        all.add(get("/v1/webhook-secret", webhooks::secret));
        all.add(post("/v1/webhook-secret/rotate", webhooks::rotate));
        all.add(post("/hooks/json2video/{id}/{token}", webhooks::upstreamCall));
    }

    /** JSON2Video's own endpoint, for integrations that only change their base URL (x-api-key = gateway key). */
    private void addCompat(List<RouteSpec> all) {
        all.add(post(COMPAT_PATH, compat::create));
        all.add(get(COMPAT_PATH, compat::status));
    }

    private void register(HttpServerRoutes routes, RouteSpec route) {
        GuardedHandler handler = guard.of(route.path(), route.handler());
        if (route.method() == HttpMethod.GET) {
            routes.get(route.path(), handler);
        } else if (route.method() == HttpMethod.POST) {
            routes.post(route.path(), handler);
        } else if (route.method() == HttpMethod.DELETE) {
            routes.delete(route.path(), handler);
        } else {
            throw new IllegalStateException("no registration for " + route.method());
        }
    }

    /** 405 with {@code Allow}: the path exists, the method does not. */
    private Mono<Void> methodNotAllowed(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        String allow = allowed.of(path).orElseThrow();
        if (path.equals(COMPAT_PATH)) {
            return compat.methodNotAllowed(request, response, allow);
        }
        response.header(HttpHeaderNames.ALLOW, allow);
        return Mono.error(new ProblemException(Problem.methodNotAllowed(request.method().name(), path, allow)));
    }

    private Mono<Void> unknown(HttpServerRequest request, HttpServerResponse response) {
        return Mono.error(new ProblemException(Problem.notFound(
                "There is no endpoint " + request.method() + " " + request.fullPath() + ".")));
    }

    private static RouteSpec get(String path, BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return new RouteSpec(HttpMethod.GET, path, handler);
    }

    private static RouteSpec post(String path, BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return new RouteSpec(HttpMethod.POST, path, handler);
    }
}
