package dev.rendergateway.loadtests.sse;

import org.HdrHistogram.Histogram;

/**
 * What one fan-out phase measured.
 *
 * @param phase      the configuration
 * @param connected  subscribers that received their first event
 * @param failed     subscribers whose connection failed
 * @param before     the gateway's memory before the subscribers came
 * @param after      its memory with every subscriber connected
 * @param delays     delivery delays in µs (render's updatedAt → client receipt)
 * @param events     events delivered while measuring
 * @param seconds    the measuring window
 * @param connectSeconds how long connecting every subscriber took
 */
public record FanoutOutcome(FanoutPhase phase, int connected, int failed, dev.rendergateway.loadtests.proc.JvmMemory before,
                            dev.rendergateway.loadtests.proc.JvmMemory after, Histogram delays, long events,
                            double seconds, double connectSeconds) {

    /** Heap + direct bytes per connected subscriber. */
    public double bytesPerSubscriber() {
        return connected == 0 ? 0 : (double) (after.heapAndDirect() - before.heapAndDirect()) / connected;
    }

    /** Resident-set bytes per connected subscriber. */
    public double rssPerSubscriber() {
        return connected == 0 ? 0 : (double) (after.rssBytes() - before.rssBytes()) / connected;
    }

    /** A delay percentile in ms. */
    public double delayMillis(double percentile) {
        return delays.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Events delivered per second while measuring. */
    public double eventsPerSecond() {
        return seconds == 0 ? 0 : events / seconds;
    }
}
