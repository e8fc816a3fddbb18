package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How fast the submission queue really drains, from the times of its last 64 hand-outs; the configured
 * upstream rate stands in until there are enough recent ones. Not thread-safe: its queue's lock guards it.
 */
final class DrainRate {

    private static final int SAMPLES = 64;
    private static final long RECENT = Duration.ofMinutes(1).toNanos();

    private final double fallbackPerSecond;
    private final LongSupplier nanoTime;
    private final long[] times = new long[SAMPLES];
    private int count;
    private int next;

    DrainRate(double fallbackPerSecond, LongSupplier nanoTime) {
        this.fallbackPerSecond = fallbackPerSecond;
        this.nanoTime = nanoTime;
    }

    void recordDrained() {
        times[next] = nanoTime.getAsLong();
        next = (next + 1) % SAMPLES;
        count = Math.min(count + 1, SAMPLES);
    }

    /** Renders handed out per second lately. */
    double perSecond() {
        long now = nanoTime.getAsLong();
        if (count < 2) {
            return fallbackPerSecond;
        }
        long oldest = times[count < SAMPLES ? 0 : next];
        long newest = times[(next - 1 + SAMPLES) % SAMPLES];
        if (now - newest > RECENT || newest <= oldest) {
            return fallbackPerSecond;
        }
        return (count - 1) * 1e9 / (newest - oldest);
    }

    /** How long until {@code renders} more have been handed out, at least one second. */
    Duration timeToDrain(int renders) {
        double seconds = renders / Math.max(perSecond(), 1e-3);
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(seconds)));
    }
}
