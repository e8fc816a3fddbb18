package dev.rendergateway.core.events;

/**
 * Bounds of the in-memory event fan-out: how much history a tenant keeps for exact resumption, how many
 * renders a tenant-wide feed shows at first, and how far a slow subscriber may fall behind.
 *
 * @param historyPerTenant recent events kept per tenant; a client that reconnects within them resumes exactly
 * @param snapshotLimit    renders (most recently changed first) a tenant-wide feed starts with
 * @param conflateAbove    pending events of one subscriber above which a newer change of a render replaces
 *                         its pending one (latest wins; a render's terminal event is its last, so never replaced)
 * @param mailboxCapacity  pending events of one subscriber at most; beyond, its feed ends with
 *                         {@link SubscriberOverflowException} and the client resumes by reconnecting
 */
public record EventsConfig(int historyPerTenant, int snapshotLimit, int conflateAbove, int mailboxCapacity) {

    public EventsConfig {
        if (historyPerTenant < 1 || snapshotLimit < 1 || conflateAbove < 1 || mailboxCapacity <= conflateAbove) {
            throw new IllegalArgumentException("event bounds must be positive, capacity above the conflation point");
        }
    }

    /** 1,000 events of history per tenant, 200 renders at first, conflation above 32 pending, at most 1,024. */
    public static EventsConfig defaults() {
        return new EventsConfig(1_000, 200, 32, 1_024);
    }
}
