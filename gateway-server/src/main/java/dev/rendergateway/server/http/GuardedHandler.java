package dev.rendergateway.server.http;

import dev.rendergateway.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Wraps a route handler so that whatever it throws or signals becomes a problem answer: the problem it
 * carries, or a logged 500 that reveals nothing internal.
 */
public final class GuardedHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);
    /** When to try again while the shared store is away: Redis reconnects within a few seconds of returning. */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private final BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler;
    private final Replies replies;

    public GuardedHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, Replies replies) {
        this.handler = handler;
        this.replies = replies;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> handler.apply(request, response))
                .onErrorResume(error -> {
                    if (response.hasSentHeaders()) {
                        log.warn("{} {} failed after the answer began: {}", request.method(), request.fullPath(),
                                error.toString());
                        return Mono.error(error);
                    }
                    if (error instanceof ProblemException problem) {
                        return replies.problem(response, problem.problem());
                    }
                    if (error instanceof StoreUnavailableException unavailable) {
                        log.warn("{} {} refused: {}", request.method(), request.fullPath(), unavailable.getMessage());
                        return replies.problem(response, Problem.storeUnavailable(STORE_RETRY_AFTER));
                    }
                    log.error("{} {} failed", request.method(), request.fullPath(), error);
                    return replies.problem(response, Problem.internal());
                });
    }
}
