package dev.rendergateway.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Tries a call again when the gateway said when ({@code Retry-After} on 409, 429 or 503; 1 s on a 503 without it),
 * or when the connection failed (backoff from 250 ms, doubling up to 5 s), within {@code maxAttempts} in all and
 * {@code maxRetryWait} of waiting in all. A wait that would pass the bound is not waited: the error is returned
 * at once.
 */
final class Retries {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final int maxAttempts;
    private final Duration maxRetryWait;

    Retries(int maxAttempts, Duration maxRetryWait) {
        this.maxAttempts = maxAttempts;
        this.maxRetryWait = maxRetryWait;
    }

    /** The call, subscribed once per attempt. */
    <T> Mono<T> around(Supplier<Mono<T>> call) {
        return attempt(call, 1, Duration.ZERO);
    }

    private <T> Mono<T> attempt(Supplier<Mono<T>> call, int attempt, Duration waited) {
        return Mono.defer(call).onErrorResume(error -> {
            Optional<Duration> wait = waitBefore(error, attempt);
            if (wait.isEmpty() || attempt >= maxAttempts || waited.plus(wait.get()).compareTo(maxRetryWait) > 0) {
                return Mono.error(error);
            }
            return Mono.delay(wait.get()).then(attempt(call, attempt + 1, waited.plus(wait.get())));
        });
    }

    /** How long to wait before the next attempt, or empty when this error is final. */
    static Optional<Duration> waitBefore(Throwable error, int attempt) {
        if (error instanceof RenderGatewayException refused) {
            int status = refused.status();
            if (status == 503 && refused.retryAfter().isEmpty()) {
                return Optional.of(Duration.ofSeconds(1));
            }
            return status == 409 || status == 429 || status == 503 ? refused.retryAfter() : Optional.empty();
        }
        if (error instanceof GatewayUnreachableException) {
            return Optional.of(backoff(attempt));
        }
        return Optional.empty();
    }

    static Duration backoff(int attempt) {
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
