package dev.rendergateway.core.idempotency;

import reactor.core.publisher.Mono;

/**
 * Remembers the {@code Idempotency-Key}s of a tenant's render requests for a while, so that a retried
 * request gets the render of the first one instead of a second, paid, render.
 */
public interface IdempotencyKeys {

    /**
     * Starts a request under {@code key}: reserves the key if it is new, else says what the first request
     * with it came to. {@code fingerprint} identifies the request body.
     */
    Mono<IdempotencyClaim> begin(String tenant, String key, String fingerprint);

    /** The request that reserved the key created {@code renderId}; later requests replay it. */
    Mono<Void> complete(String tenant, String key, String renderId);

    /** The request that reserved the key failed before creating anything; the key is free again. */
    Mono<Void> release(String tenant, String key);
}
