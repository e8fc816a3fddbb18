package dev.rendergateway.core.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How caller webhooks are delivered: the waits before each retry (each varied by ±{@code jitter}), the
 * longest wait a receiver's {@code Retry-After} may ask for, how long one attempt may take, and how many
 * attempts run at once.
 */
public record DeliveryConfig(List<Duration> retryDelays, double jitter, Duration maxRetryAfter,
                             Duration attemptTimeout, int maxConcurrentAttempts) {

    /** 5 s, 30 s, 2 min, 10 min, 30 min, 1 h: seven attempts over about 1 h 43 min. */
    public static final List<Duration> DEFAULT_RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));

    public DeliveryConfig {
        retryDelays = List.copyOf(retryDelays);
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (jitter < 0 || jitter >= 1 || maxConcurrentAttempts < 1 || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("jitter in [0, 1), a positive timeout and concurrency");
        }
    }

    /** The defaults: {@link #DEFAULT_RETRY_DELAYS} ±20 %, Retry-After up to 1 h, 10 s per attempt, 64 at once. */
    public static DeliveryConfig defaults() {
        return new DeliveryConfig(DEFAULT_RETRY_DELAYS, 0.2, Duration.ofHours(1), Duration.ofSeconds(10), 64);
    }

    /** The same configuration with another jitter; specs use 0 for exact times. */
    public DeliveryConfig withJitter(double newJitter) {
        return new DeliveryConfig(retryDelays, newJitter, maxRetryAfter, attemptTimeout, maxConcurrentAttempts);
    }
}
