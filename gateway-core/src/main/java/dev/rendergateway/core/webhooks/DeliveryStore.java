package dev.rendergateway.core.webhooks;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where deliveries of callers' webhooks and their attempts live, pending ones included, so that a gateway
 * that restarts on a shared store (Redis) resumes them. Each delivery is written whole after each attempt.
 */
public interface DeliveryStore {

    /** Stores a new delivery; a delivery with the same id is left as it is (enqueuing twice is harmless). */
    Mono<Delivery> insert(Delivery delivery);

    /** Replaces the stored delivery of the same id. */
    Mono<Delivery> update(Delivery delivery);

    /** The delivery with this id; empty if unknown. */
    Mono<Delivery> find(String id);

    /** The deliveries of one render, oldest first. */
    Flux<Delivery> ofRender(String renderId);

    /** Every delivery still waiting for an attempt, to resume after a start. */
    Flux<Delivery> pending();

    /** The pending deliveries whose next attempt is at or before {@code by}: due, or overdue after a crash. */
    Flux<Delivery> dueBy(Instant by);

    /**
     * Takes the exclusive right to attempt this delivery now, for at most {@code ttl}; false while anyone
     * (another instance, or this one) holds it. The attempt reads the delivery again once it holds the claim.
     */
    Mono<Boolean> claim(String id, Duration ttl);

    /** Gives a claim taken by {@link #claim} back. */
    Mono<Void> release(String id);
}
