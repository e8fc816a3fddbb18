package dev.rendergateway.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Waits on the calling test thread until a condition holds, checking it there every 20 ms (so the condition may make
 * blocking calls, such as HTTP requests or {@code redis-cli}); fails the spec after {@code within}. For a real peer
 * (a process, a socket, Redis) whose time cannot be virtual; the gateway's own timers are driven with virtual time.
 */
public final class Eventually {

    private static final Duration PERIOD = Duration.ofMillis(20);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code within}. */
    public static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Mono.delay(PERIOD).block();
        }
    }
}
