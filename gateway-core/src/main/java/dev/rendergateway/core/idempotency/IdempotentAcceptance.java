package dev.rendergateway.core.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.store.RenderStore;
import reactor.core.publisher.Mono;

/**
 * Accepts render requests at most once per tenant and {@code Idempotency-Key} (IETF draft
 * "The Idempotency-Key HTTP Header Field"): the same key with the same body gets the first render again;
 * with another body, or while the first request is still being accepted, an {@link IdempotencyKeyException}.
 */
public final class IdempotentAcceptance {

    private final RenderPipeline pipeline;
    private final RenderStore store;
    private final IdempotencyKeys keys;
    private final RequestFingerprint fingerprint;

    public IdempotentAcceptance(RenderPipeline pipeline, RenderStore store, IdempotencyKeys keys,
                                RequestFingerprint fingerprint) {
        this.pipeline = pipeline;
        this.store = store;
        this.keys = keys;
        this.fingerprint = fingerprint;
    }

    /** A render accepted now, or the one a first request with the same key and body was given. */
    public record Accepted(Render render, boolean replayed) {
    }

    /** Accepts {@code request} (whose body was {@code body}); without a key, every call is a new render. */
    public Mono<Accepted> accept(String tenant, String key, RenderRequest request, JsonNode body) {
        if (key == null) {
            return pipeline.accept(tenant, request).map(render -> new Accepted(render, false));
        }
        return keys.begin(tenant, key, fingerprint.of(body)).flatMap(claim -> switch (claim.outcome()) {
            case RESERVED -> pipeline.accept(tenant, request)
                    .flatMap(render -> keys.complete(tenant, key, render.id()).thenReturn(new Accepted(render, false)))
                    .onErrorResume(error -> keys.release(tenant, key).then(Mono.error(error)));
            case REPLAY -> store.findOwned(tenant, claim.renderId()).map(render -> new Accepted(render, true));
            case MISMATCH -> Mono.error(new IdempotencyKeyException(claim.outcome(),
                    "This Idempotency-Key was already used with a different request body."));
            case IN_PROGRESS -> Mono.error(new IdempotencyKeyException(claim.outcome(),
                    "A request with this Idempotency-Key is still being accepted; retry in a moment."));
        });
    }
}
