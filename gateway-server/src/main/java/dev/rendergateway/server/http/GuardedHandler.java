package dev.rendergateway.server.http;

import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Wraps a route handler: gives the request its id (the caller's well-formed {@code X-Request-Id}, or a new
 * one), echoes it, carries it in the Reactor context to the work the request causes, writes one access log
 * line, and turns whatever the handler throws or signals into a problem answer: the problem it carries, or a
 * logged 500 that reveals nothing internal.
 */
public final class GuardedHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);
    private static final Logger access = LoggerFactory.getLogger("render-gateway.access");

    /** When to try again while the shared store is away: Redis reconnects within a few seconds of returning. */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private final BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler;
    private final Replies replies;
    private final Function<String, String> routeOf;

    public GuardedHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, Replies replies) {
        this(handler, replies, path -> path);
    }

    /** {@code routeOf} names the route of a path in the access log (a template, never a raw id). */
    public GuardedHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, Replies replies,
                          Function<String, String> routeOf) {
        this.handler = handler;
        this.replies = replies;
        this.routeOf = routeOf;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        String requestId = RequestId.of(request);
        response.header(RequestIds.HEADER, requestId);
        long start = System.nanoTime();
        return Mono.defer(() -> handler.apply(request, response))
                .onErrorResume(error -> answer(request, response, requestId, error))
                .doFinally(signal -> logAccess(request, response, requestId, start))
                .contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, requestId));
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, String requestId,
                              Throwable error) {
        if (response.hasSentHeaders()) {
            log.atWarn().addKeyValue(RequestIds.LOG_FIELD, requestId)
                    .log("{} {} failed after the answer began: {}", request.method(), routeOf.apply(request.fullPath()),
                            error.toString());
            return Mono.error(error);
        }
        if (error instanceof ProblemException problem) {
            return replies.problem(response, problem.problem());
        }
        if (error instanceof StoreUnavailableException unavailable) {
            log.atWarn().addKeyValue(RequestIds.LOG_FIELD, requestId)
                    .log("{} {} refused: {}", request.method(), routeOf.apply(request.fullPath()),
                            unavailable.getMessage());
            return replies.problem(response, Problem.storeUnavailable(STORE_RETRY_AFTER));
        }
        log.atError().addKeyValue(RequestIds.LOG_FIELD, requestId).setCause(error)
                .log("{} {} failed", request.method(), routeOf.apply(request.fullPath()));
        return replies.problem(response, Problem.internal());
    }

    private void logAccess(HttpServerRequest request, HttpServerResponse response, String requestId, long start) {
        // The route template, never the raw path: paths carry render ids, and the hook path an HMAC token.
        access.atInfo()
                .addKeyValue(RequestIds.LOG_FIELD, requestId)
                .addKeyValue("method", request.method().name())
                .addKeyValue("route", routeOf.apply(request.fullPath()))
                .addKeyValue("status", response.status().code())
                .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000)
                .log("{} {} {}", request.method(), routeOf.apply(request.fullPath()), response.status().code());
    }
}
