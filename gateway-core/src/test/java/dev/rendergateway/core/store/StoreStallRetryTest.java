package dev.rendergateway.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StoreStallRetryTest {

    private static Mono<String> stalling(AtomicInteger attempts, int stalls) {
        return Mono.defer(() -> attempts.incrementAndGet() <= stalls
                ? Mono.error(new StoreUnavailableException("stalled", null))
                : Mono.just("render"));
    }

    @Test
    void repeatsAReadWhoseStoreStalled200And400MillisecondsLater() {
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.withVirtualTime(() -> StoreStallRetry.read(() -> stalling(attempts, 2)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(599))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("render")
                .verifyComplete();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpWithTheLastFailureAfterThreeMoreTries() {
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.withVirtualTime(() -> StoreStallRetry.read(() -> stalling(attempts, 10)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1_399))
                .thenAwait(Duration.ofMillis(1))
                .verifyError(StoreUnavailableException.class);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void passesAnyOtherFailureOnAtOnce() {
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.create(StoreStallRetry.read(() -> {
                    attempts.incrementAndGet();
                    return Mono.error(new IllegalStateException("not a stall"));
                }))
                .verifyErrorMessage("not a stall");
        assertThat(attempts).hasValue(1);
    }
}
