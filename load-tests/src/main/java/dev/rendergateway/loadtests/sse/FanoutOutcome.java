package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.JvmMemory;

/**
 * What one fan-out phase measured.
 *
 * @param phase   the configuration
 * @param clients what the clients saw: connected, failed, delays, events
 * @param before  the gateways' memory before the subscribers came (summed over the gateways)
 * @param after   their memory with every subscriber connected (summed)
 */
public record FanoutOutcome(FanoutPhase phase, FleetReport clients, JvmMemory before, JvmMemory after) {

    /** Subscribers that received their first event. */
    public int connected() {
        return clients.connected();
    }

    /** Subscribers whose connection failed. */
    public int failed() {
        return clients.failed();
    }

    /** Heap + direct bytes per connected subscriber. */
    public double bytesPerSubscriber() {
        return connected() == 0 ? 0 : (double) (after.heapAndDirect() - before.heapAndDirect()) / connected();
    }

    /** Resident-set bytes per connected subscriber. */
    public double rssPerSubscriber() {
        return connected() == 0 ? 0 : (double) (after.rssBytes() - before.rssBytes()) / connected();
    }

    /** A delay percentile in ms. */
    public double delayMillis(double percentile) {
        return clients.delayMillis(percentile);
    }

    /** Events delivered per second while measuring. */
    public double eventsPerSecond() {
        return clients.eventsPerSecond();
    }

    /** How long connecting every subscriber took. */
    public double connectSeconds() {
        return clients.connectSeconds();
    }
}
