package dev.rendergateway.core.webhooks;

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
}
