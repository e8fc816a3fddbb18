package dev.rendergateway.redis;

/**
 * Every Redis key the gateway uses, under one prefix ({@code rg:} by default), so that several deployments
 * can share a Redis and the layout is documented in one place (docs/architecture.md).
 */
public record RedisKeys(String prefix) {

    public static RedisKeys defaults() {
        return new RedisKeys("rg:");
    }

    /** Hash of one render: {@code rev}, {@code status}, {@code tenant}, {@code updated} (ms), {@code json}. */
    public String render(String id) {
        return prefix + "render:" + id;
    }

    /** Sorted set of a tenant's render ids by insertion order, for listing newest first. */
    public String tenantRenders(String tenant) {
        return prefix + "tenant:" + tenant + ":renders";
    }

    /** Counter giving each inserted render its listing order. */
    public String renderOrder() {
        return prefix + "render-order";
    }

    /** A random token written once into an empty Redis: found missing or changed, Redis has lost its data. */
    public String dataMarker() {
        return prefix + "data-marker";
    }

    /** Set of the ids of renders that have not ended. */
    public String unfinished() {
        return prefix + "unfinished";
    }

    /** String naming the instance that polls (or submits) a render, with a time to live. */
    public String lease(String renderId) {
        return prefix + "lease:" + renderId;
    }

    /** List of a tenant's queued render ids, oldest first. */
    public String queue(String tenant) {
        return prefix + "queue:" + tenant;
    }

    /** List of tenants with queued renders, in round-robin order. */
    public String queueTurns() {
        return prefix + "queue-turns";
    }

    /** Set of the tenants in {@link #queueTurns()}, so that a tenant takes one turn per round. */
    public String queueActive() {
        return prefix + "queue-active";
    }

    /** Set of every queued render id, for the recovery check. */
    public String queueMembers() {
        return prefix + "queue-members";
    }

    /** Sorted set of render ids taken from the queue but not claimed yet, by when they were taken (ms). */
    public String queueTaken() {
        return prefix + "queue-taken";
    }

    /** Number of queued renders in all. */
    public String queueSize() {
        return prefix + "queue-size";
    }

    /** The global event sequence (the SSE event id), one {@code INCR} per event. */
    public String eventSequence() {
        return prefix + "events:seq";
    }

    /** The sequence the event log started from: ids below it cannot be placed. */
    public String eventEpoch() {
        return prefix + "events:epoch";
    }

    /** Stream of every event, for the live fan-out to every instance (approximately capped). */
    public String eventsAll() {
        return prefix + "events:all";
    }

    /** Stream of a tenant's recent events (exactly capped), for exact resumption. */
    public String tenantEvents(String tenant) {
        return prefix + "events:tenant:" + tenant;
    }

    /** The highest sequence trimmed from a tenant's stream: resuming before it cannot be exact. */
    public String tenantEvicted(String tenant) {
        return prefix + "events:evicted:" + tenant;
    }

    /** Sorted set of a tenant's render ids by the sequence of their latest event. */
    public String tenantLatest(String tenant) {
        return prefix + "events:recent:" + tenant;
    }

    /** Hash of each render's latest event, {@code "<sequence>:<render json>"}. */
    public String latestEvents() {
        return prefix + "events:latest";
    }

    /** Hash of an idempotency key: the body's fingerprint and, once accepted, the render id. */
    public String idempotency(String tenant, String key) {
        return prefix + "idem:" + tenant + ":" + key;
    }

    /** Hash of a tenant's UTC day ({@code yyyy-mm-dd}): {@code credits} consumed and render counts by name. */
    public String usage(String tenant, String day) {
        return prefix + "usage:" + tenant + ":" + day;
    }

    /** The upstream budget's next free slot, in Redis server microseconds. */
    public String budget() {
        return prefix + "budget:next";
    }

    /** Sorted set of the cluster's latest upstream sends: slot id by send time, in Redis server microseconds. */
    public String budgetSent() {
        return prefix + "budget:sent";
    }

    /** Sorted set of granted slots whose request has not been reported sent: slot id by grant time (µs). */
    public String budgetPending() {
        return prefix + "budget:pending";
    }

    /** JSON of one caller-webhook delivery, its attempts included. */
    public String delivery(String id) {
        return prefix + "delivery:" + id;
    }

    /** List of a render's delivery ids, oldest first. */
    public String renderDeliveries(String renderId) {
        return prefix + "render-deliveries:" + renderId;
    }

    /** Sorted set of pending delivery ids by their next attempt (ms). */
    public String pendingDeliveries() {
        return prefix + "deliveries:pending";
    }

    /** String naming the instance attempting a delivery right now, with a time to live. */
    public String deliveryClaim(String id) {
        return prefix + "delivery-claim:" + id;
    }

    /** Hash of a tenant's webhook signing secrets: the current one and the previous one during a rotation. */
    public String webhookSecrets(String tenant) {
        return prefix + "webhook-secrets:" + tenant;
    }
}
