package dev.rendergateway.core.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.idempotency.IdempotentAcceptance;
import dev.rendergateway.core.quota.CreditQuota;
import dev.rendergateway.core.render.RenderRequest;
import reactor.core.publisher.Mono;

/**
 * The one way a render request gets in, whichever endpoint it came through ({@code POST /v1/renders}, a line of
 * {@code POST /v1/renders/batch}, {@code POST /v2/movies}): for an authenticated tenant, its daily credit quota
 * ({@link CreditQuota}), then its {@code Idempotency-Key}, then the fair queue ({@code RenderPipeline.accept}).
 */
public final class RenderAdmission {

    private final CreditQuota quota;
    private final IdempotentAcceptance idempotent;

    public RenderAdmission(CreditQuota quota, IdempotentAcceptance idempotent) {
        this.quota = quota;
        this.idempotent = idempotent;
    }

    /**
     * Admits {@code request} for {@code tenant}: a new render, or the one a first request with the same key and
     * body got. {@code body} is the request as the caller sent it, fingerprinted for the key; {@code key} may be
     * null. Fails with {@code QuotaExceededException}, {@code IdempotencyKeyException} or
     * {@code AdmissionRefusedException}, having stored nothing.
     */
    public Mono<IdempotentAcceptance.Accepted> admit(String tenant, String key, RenderRequest request, JsonNode body) {
        return quota.check(tenant).then(Mono.defer(() -> idempotent.accept(tenant, key, request, body)));
    }
}
