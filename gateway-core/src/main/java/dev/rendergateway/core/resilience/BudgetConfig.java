package dev.rendergateway.core.resilience;

import java.time.Duration;

/**
 * The budget's rate and how it is shared. {@code safetyMargin} spaces slots a little wider than
 * {@code 1/rate}, and keeps {@code rate} sends a second and the margin apart, so that network jitter between
 * the gateway and the upstream cannot put more than {@code rate} requests into any one-second window as the
 * upstream counts them.
 */
public record BudgetConfig(double requestsPerSecond, double safetyMargin, int submitWeight, int watchedPollWeight,
                           int backgroundPollWeight) {

    public BudgetConfig {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive");
        }
        if (safetyMargin < 0 || safetyMargin > 0.5) {
            throw new IllegalArgumentException("safetyMargin must be within 0..0.5");
        }
        if (submitWeight < 1 || watchedPollWeight < 1 || backgroundPollWeight < 1) {
            throw new IllegalArgumentException("every lane needs a weight of at least 1");
        }
    }

    /** {@code rate} requests per second, a 1.5 % margin, lanes weighted 2 : 2 : 1 (submit, watched, background). */
    public static BudgetConfig of(double requestsPerSecond) {
        return new BudgetConfig(requestsPerSecond, 0.015, 2, 2, 1);
    }

    /** How many requests any one second may hold: the rate, rounded down, and at least one. */
    public int perSecond() {
        return Math.max(1, (int) Math.floor(requestsPerSecond));
    }

    /** The least time between two granted slots. */
    public Duration spacing() {
        return Duration.ofNanos((long) Math.ceil(1_000_000_000d * (1 + safetyMargin) / requestsPerSecond));
    }
}
