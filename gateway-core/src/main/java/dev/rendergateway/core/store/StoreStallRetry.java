package dev.rendergateway.core.store;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Repeats a read whose store stalled ({@link StoreUnavailableException}): up to three more times, 200 ms, 400 ms and
 * 800 ms later, then the last failure. A burst of (re)connecting clients or a Redis stall must not end their feeds.
 * Allocates nothing unless the read fails: {@code retryWhen} keeps a companion sink per subscription, and an event
 * stream keeps what opened it for as long as it lives (about 0.5 KiB per open stream).
 */
public final class StoreStallRetry {
    private static final int RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private StoreStallRetry() {
    }

    /** {@code read}, subscribed anew (deferred) on each attempt. */
    public static <T> Mono<T> read(Supplier<? extends Mono<? extends T>> read) {
        return attempt(read, 0);
    }

    private static <T> Mono<T> attempt(Supplier<? extends Mono<? extends T>> read, int retried) {
        Mono<T> once = Mono.defer(read);
        return once.onErrorResume(error -> error instanceof StoreUnavailableException && retried < RETRIES,
                error -> Mono.delay(FIRST_BACKOFF.multipliedBy(1L << retried)).then(attempt(read, retried + 1)));
    }
}
