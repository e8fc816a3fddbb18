package dev.rendergateway.server.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Waits on the calling test thread until a condition holds, checking it there (so the condition may make
 * blocking calls, such as HTTP requests with {@link GatewayClient}); fails the spec after {@code within}.
 */
public final class Polling {

    private static final Duration PERIOD = Duration.ofMillis(20);

    private Polling() {
    }

    public static void until(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Mono.delay(PERIOD).block();
        }
    }
}
