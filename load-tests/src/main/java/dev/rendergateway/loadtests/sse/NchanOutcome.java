package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.ProcessTreeRss;

/**
 * What the nginx + nchan baseline measured.
 *
 * @param clients           what the clients saw: connected, failed, delays, events
 * @param before            nginx's resident memory (master + workers) before the subscribers came
 * @param after             its resident memory with every subscriber connected
 * @param serverSubscribers the subscriber count nchan itself reported once they were connected
 */
public record NchanOutcome(FleetReport clients, ProcessTreeRss before, ProcessTreeRss after, int serverSubscribers) {

    /** Resident-set bytes per connected subscriber. */
    public double rssPerSubscriber() {
        return clients.connected() == 0 ? 0 : (double) (after.bytes() - before.bytes()) / clients.connected();
    }
}
