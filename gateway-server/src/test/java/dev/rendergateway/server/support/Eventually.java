package dev.rendergateway.server.support;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/** Waits, on the test thread and without sleeping, until a condition holds; fails the spec after a bound. */
public final class Eventually {

    private Eventually() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code within}. */
    public static void await(String what, Duration within, Supplier<Boolean> condition) {
        Boolean held = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
                .map(tick -> condition.get())
                .filter(Boolean::booleanValue)
                .next()
                .timeout(within, reactor.core.publisher.Mono.just(Boolean.FALSE))
                .block();
        if (!Boolean.TRUE.equals(held)) {
            throw new AssertionError("not within " + within + ": " + what);
        }
    }
}
