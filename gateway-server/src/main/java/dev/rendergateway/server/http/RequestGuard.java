package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What every route goes through before its handler: CORS headers, the request id and access log
 * ({@link GuardedHandler}), and the 503 of a draining gateway.
 */
public final class RequestGuard {

    private final Cors cors;
    private final Replies replies;
    private final Readiness readiness;
    private final Function<String, String> routeOf;

    public RequestGuard(Cors cors, Replies replies, Readiness readiness, Function<String, String> routeOf) {
        this.cors = cors;
        this.replies = replies;
        this.readiness = readiness;
        this.routeOf = routeOf;
    }

    /** {@code handler}, guarded. */
    public GuardedHandler of(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return new GuardedHandler((request, response) -> {
            cors.decorate(request, response);
            if (readiness.isDraining() && !Readiness.servedWhileDraining(request.fullPath())) {
                // Not kept alive: the client's next request should go to another instance.
                response.header(HttpHeaderNames.CONNECTION, "close");
                return Mono.error(new ProblemException(Readiness.drainingProblem()));
            }
            return handler.apply(request, response);
        }, replies, routeOf);
    }
}
