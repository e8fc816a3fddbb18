package dev.rendergateway.server.http;

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

    public GatewayRoutes(RenderHandlers renders, EventStreamHandlers events, HealthHandlers health, Replies replies) {
        this.renders = renders;
        this.events = events;
        this.health = health;
        this.replies = replies;
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.post("/v1/renders", guard(renders::create))
                .get("/v1/renders", guard(renders::list))
                .get("/v1/renders/{id}", guard(renders::get))
                .delete("/v1/renders/{id}", guard(renders::cancel))
                .get("/v1/renders/{id}/events", guard(events::render))
                .get("/health/live", guard(health::live))
                .get("/health/ready", guard(health::ready))
                .route(request -> true, guard(this::unknown));
    }

    private Mono<Void> unknown(HttpServerRequest request, HttpServerResponse response) {
        return Mono.error(new ProblemException(Problem.notFound(
                "There is no endpoint " + request.method() + " " + request.fullPath() + ".")));
    }

    private GuardedHandler guard(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return new GuardedHandler(handler, replies);
    }
}
