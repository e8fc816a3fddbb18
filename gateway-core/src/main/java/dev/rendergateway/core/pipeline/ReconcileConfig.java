package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How a submission whose answer was lost is looked up in the upstream's list mode: for how long
 * ({@code window}, default 2 min), how often (one list read every {@code readInterval}, default a sixth of the
 * window) and how deep (at most {@code maxPages} pages of 100 movies per read).
 */
public record ReconcileConfig(Duration window, Duration readInterval, int maxPages) {

    /** Validates the options. */
    public ReconcileConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(readInterval, "readInterval");
        if (window.isNegative() || window.isZero() || readInterval.isNegative() || readInterval.isZero()) {
            throw new IllegalArgumentException("window and readInterval must be positive");
        }
        if (readInterval.compareTo(window) > 0) {
            throw new IllegalArgumentException("readInterval must not be longer than the window");
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be positive");
        }
    }

    /** A window of 2 minutes, read every 20 s, at most 20 pages (2,000 movies) deep. */
    public static ReconcileConfig defaults() {
        return of(Duration.ofMinutes(2));
    }

    /** A window of {@code window}, read every sixth of it, at most 20 pages deep. */
    public static ReconcileConfig of(Duration window) {
        return new ReconcileConfig(window, window.dividedBy(6), 20);
    }
}
