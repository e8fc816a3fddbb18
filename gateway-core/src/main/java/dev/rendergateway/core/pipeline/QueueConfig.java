package dev.rendergateway.core.pipeline;

/**
 * Bounds of the submission queue: how many renders may wait in all and per tenant, and (0 for no limit)
 * how many renders of one tenant may be submitted or running at once.
 */
public record QueueConfig(int maxQueued, int maxQueuedPerTenant, int maxInFlightPerTenant) {

    public QueueConfig {
        if (maxQueued < 1 || maxQueuedPerTenant < 1 || maxInFlightPerTenant < 0) {
            throw new IllegalArgumentException("queue limits must be positive (in-flight: 0 for none)");
        }
    }

    /** 100,000 queued renders in all, 50,000 per tenant, no in-flight limit. */
    public static QueueConfig defaults() {
        return new QueueConfig(100_000, 50_000, 0);
    }
}
