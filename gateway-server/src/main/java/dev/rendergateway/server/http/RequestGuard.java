package dev.rendergateway.server.http;

import dev.rendergateway.server.tracing.ServerSpans;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What every route goes through before its handler: CORS headers, the sandbox notice, the request id, trace context
 * and access log ({@link GuardedHandler}), its timing, and the 503 of a draining gateway.
 */
public final class RequestGuard {

    private final Cors cors;
    private final Replies replies;
    private final Readiness readiness;
    private final Function<String, String> routeOf;
    private final RequestTimer timer;
    private final UpstreamNotice notice;
    private final ServerSpans spans;

    /** {@code spans} starts each request's server span. */
    public RequestGuard(Cors cors, Replies replies, Readiness readiness, Function<String, String> routeOf,
                        RequestTimer timer, UpstreamNotice notice, ServerSpans spans) {
        this.notice = notice;
        this.spans = spans;
        this.cors = cors;
        this.replies = replies;
        this.readiness = readiness;
        this.routeOf = routeOf;
        this.timer = timer;
    }

    /** {@code handler}, guarded; its requests are named by the route their path matches. */
    public GuardedHandler of(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return guarded(handler, routeOf);
    }

    /** {@code handler} of the route {@code template}, guarded: its requests need not be matched again to be named. */
    public GuardedHandler of(String template, BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        return guarded(handler, path -> template);
    }

    private GuardedHandler guarded(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler,
                                   Function<String, String> naming) {
        return new GuardedHandler((request, response) -> {
            cors.decorate(request, response);
            notice.decorate(response);
            if (readiness.isDraining() && !Readiness.servedWhileDraining(request.fullPath())) {
                // Not kept alive: the client's next request should go to another instance. The body is read (and
                // dropped) first: a socket closed with unread bytes is reset, and the client loses the 503 with it.
                response.header(HttpHeaderNames.CONNECTION, "close");
                return request.receive().then(Mono.error(() -> new ProblemException(Readiness.drainingProblem())));
            }
            return handler.apply(request, response);
        }, replies, naming, timer, spans);
    }
}
