package dev.rendergateway.server.http;

import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.server.tracing.ServerSpan;
import dev.rendergateway.server.tracing.ServerSpans;
import io.netty.channel.Channel;
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
 * one), echoes it, carries it and the request's trace context (its server span, a child of the caller's
 * {@code traceparent}) in the Reactor context to the work the request causes, writes one access log line (with
 * {@code trace_id} and {@code span_id}) and times it, and turns whatever the handler throws or signals into a
 * problem answer: the problem it carries, or a logged 500 that reveals nothing internal.
 */
public final class GuardedHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);
    private static final Logger access = LoggerFactory.getLogger("render-gateway.access");

    /** When to try again while the shared store is away: Redis reconnects within a few seconds of returning. */
    public static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private final BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler;
    private final Replies replies;
    private final Function<String, String> routeOf;
    private final RequestTimer timer;
    private final ServerSpans spans;

    public GuardedHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, Replies replies) {
        this(handler, replies, path -> path, RequestTimer.NONE, ServerSpans.noop());
    }

    /**
     * {@code routeOf} names the route of a path in the access log and to {@code timer} (a template, never a raw
     * id).
     */
    public GuardedHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, Replies replies,
                          Function<String, String> routeOf, RequestTimer timer, ServerSpans spans) {
        this.spans = spans;
        this.handler = handler;
        this.replies = replies;
        this.routeOf = routeOf;
        this.timer = timer;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        String requestId = RequestId.of(request);
        response.header(RequestIds.HEADER, requestId);
        long start = System.nanoTime();
        ServerSpan span = spans.start(request.method().name(), name -> request.requestHeaders().get(name));
        return Mono.defer(() -> handler.apply(request, response))
                .onErrorResume(error -> answer(request, response, requestId, span.trace(), error))
                .doFinally(signal -> completed(request, response, requestId, span, start))
                .contextWrite(context -> TraceContext.into(context.put(RequestIds.CONTEXT_KEY, requestId),
                        span.trace()));
    }

    /** The answer to a failure, its log lines carrying the request's trace. */
    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, String requestId,
                              TraceContext trace, Throwable error) {
        try (TraceMdc mdc = TraceMdc.of(trace)) {
            return answerLogged(request, response, requestId, error);
        }
    }

    private Mono<Void> answerLogged(HttpServerRequest request, HttpServerResponse response, String requestId,
                                    Throwable error) {
        Channel channel = channelOf(response);
        if (ClientFault.isClientFault(error, channel)) {
            int status = ClientFault.statusOf(channel);
            log.atInfo().addKeyValue(RequestIds.LOG_FIELD, requestId)
                    .log("{} {} ended by its client ({}): {}", request.method(), routeOf.apply(pathOf(request)),
                            status, error.toString());
            if (!response.hasSentHeaders()) {
                response.status(status);
            }
            return Mono.empty();
        }
        if (response.hasSentHeaders()) {
            log.atWarn().addKeyValue(RequestIds.LOG_FIELD, requestId)
                    .log("{} {} failed after the answer began: {}", request.method(),
                            routeOf.apply(pathOf(request)), error.toString());
            return Mono.error(error);
        }
        if (error instanceof ProblemException problem) {
            return replies.problem(response, problem.problem());
        }
        if (error instanceof StoreUnavailableException unavailable) {
            log.atWarn().addKeyValue(RequestIds.LOG_FIELD, requestId)
                    .log("{} {} refused: {}", request.method(), routeOf.apply(pathOf(request)),
                            unavailable.getMessage());
            return replies.problem(response, Problem.storeUnavailable(STORE_RETRY_AFTER));
        }
        log.atError().addKeyValue(RequestIds.LOG_FIELD, requestId).setCause(error)
                .log("{} {} failed", request.method(), routeOf.apply(pathOf(request)));
        return replies.problem(response, Problem.internal());
    }

    private void completed(HttpServerRequest request, HttpServerResponse response, String requestId, ServerSpan span,
                           long start) {
        long nanos = System.nanoTime() - start;
        // The route template, never the raw path: paths carry render ids, and the hook path an HMAC token.
        String route = routeOf.apply(pathOf(request));
        String method = request.method().name();
        int status = response.status().code();
        timer.record(method, route, status, nanos);
        span.end(route, status);
        try (TraceMdc mdc = TraceMdc.of(span.trace())) {
            accessLine(requestId, method, route, status, nanos);
        }
    }

    private static void accessLine(String requestId, String method, String route, int status, long nanos) {
        access.atInfo()
                .addKeyValue(RequestIds.LOG_FIELD, requestId)
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", nanos / 1_000_000)
                .log("{} {} {}", method, route, status);
    }

    private static Channel channelOf(HttpServerResponse response) {
        Channel[] channel = new Channel[1];
        response.withConnection(connection -> channel[0] = connection.channel());
        return channel[0];
    }

    /**
     * The request's path, query and fragment left out. Reactor Netty's {@code fullPath()} builds a
     * {@link java.net.URI} on every call (4 % of the read path's CPU); the usual origin-form target needs
     * no parsing, only an absolute-form one does.
     */
    static String pathOf(HttpServerRequest request) {
        String target = request.uri();
        if (target.isEmpty() || target.charAt(0) != '/') {
            return request.fullPath();
        }
        int end = target.length();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return end == target.length() ? target : target.substring(0, end);
    }
}
