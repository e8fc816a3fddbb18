package dev.rendergateway.client;

import java.time.Duration;
import java.util.Optional;

/** The gateway refused a call: its {@link Problem} (every 4xx and 5xx is one) and any {@code Retry-After}. */
public class RenderGatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient Duration retryAfter;

    public RenderGatewayException(Problem problem, Duration retryAfter) {
        super(problem.summary());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    /** The problem the gateway answered. */
    public Problem problem() {
        return problem;
    }

    /** The HTTP status. */
    public int status() {
        return problem.status();
    }

    /** How long the gateway asked to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the key was missing, wrong or not allowed (401 or 403). */
    public boolean isAuthentication() {
        return status() == 401 || status() == 403;
    }
}
