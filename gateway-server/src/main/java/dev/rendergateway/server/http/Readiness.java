package dev.rendergateway.server.http;

import dev.rendergateway.server.http.Problem;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the gateway takes new work. Once draining (at SIGTERM), {@code /health/ready} answers 503 so load
 * balancers stop sending, and every other request but health and metrics gets a 503 problem.
 */
public final class Readiness {

    /** What a refused caller is told to wait before retrying (another instance most likely answers). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final AtomicBoolean draining = new AtomicBoolean();

    /** Starts draining; true the first time. */
    public boolean startDraining() {
        return draining.compareAndSet(false, true);
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Whether a request to {@code path} is still served while draining. */
    static boolean servedWhileDraining(String path) {
        return path.startsWith("/health/") || "/metrics".equals(path);
    }

    static Problem drainingProblem() {
        return new Problem(503, "draining", "Shutting down",
                "This gateway instance is shutting down; retry, and another instance will answer.",
                java.util.List.of(), RETRY_AFTER);
    }
}
