package dev.rendergateway.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.idempotency.IdempotencyKeyException;
import dev.rendergateway.core.idempotency.IdempotentAcceptance;
import dev.rendergateway.core.idempotency.InMemoryIdempotencyKeys;
import dev.rendergateway.core.idempotency.RequestFingerprint;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.quota.CreditQuota;
import dev.rendergateway.core.quota.InMemoryCreditLedger;
import dev.rendergateway.core.quota.QuotaExceededException;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.testkit.MutableClock;
import dev.rendergateway.core.testing.PipelineHarness;
import dev.rendergateway.core.time.SchedulerClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one admission chain: quota, then Idempotency-Key, then the fair queue; a refusal stores and sends nothing. */
class RenderAdmissionTest {

    private static final LocalDate TODAY = LocalDate.parse("2025-05-28");

    private final PipelineHarness harness = PipelineHarness.create(Duration.ofSeconds(30)).start();
    private final MutableClock wall = MutableClock.at("2025-05-28T23:59:30Z");
    private final InMemoryCreditLedger ledger = new InMemoryCreditLedger();
    private final InMemoryIdempotencyKeys keys =
            new InMemoryIdempotencyKeys(Duration.ofHours(24), new SchedulerClock(harness.time));
    private final RequestFingerprint fingerprint = new RequestFingerprint(GatewayObjectMapper.create());
    private final RenderAdmission admission = new RenderAdmission(
            new CreditQuota(Map.of("acme", 5.0), ledger, wall),
            new IdempotentAcceptance(harness.pipeline, harness.store, keys, fingerprint));

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aTenantPastItsCreditsIsRefusedBeforeItsKeyIsTakenAndNothingIsStoredOrSent() {
        ledger.recordFinished("acme", TODAY, RenderStatus.DONE, 5).block();

        QuotaExceededException refused = catchThrowableOfType(QuotaExceededException.class,
                () -> admit("acme", "order-1", Movies.hello()));
        harness.advance(Duration.ofSeconds(5));

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(harness.store.list("acme", null, null, 10).collectList().block()).isEmpty();
        assertThat(harness.upstream.submits()).isZero();
        assertThat(keys.size()).as("the key stays free for after midnight").isZero();
    }

    @Test
    void anotherTenantIsAdmittedAndTheSameKeyAndBodyReplayItsRender() {
        ledger.recordFinished("acme", TODAY, RenderStatus.DONE, 5).block();

        IdempotentAcceptance.Accepted first = admit("zeta", "order-1", Movies.hello());
        IdempotentAcceptance.Accepted again = admit("zeta", "order-1", Movies.hello());
        harness.advance(Duration.ofSeconds(5));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.render().id()).isEqualTo(first.render().id());
        assertThat(harness.upstream.submits()).isEqualTo(1);
    }

    @Test
    void aKeyStillBeingAcceptedElsewhereIsRefusedAsInProgress() {
        JsonNode body = body(Movies.hello());
        keys.begin("zeta", "order-1", fingerprint.of(body)).block();

        IdempotencyKeyException refused = catchThrowableOfType(IdempotencyKeyException.class,
                () -> admission.admit("zeta", "order-1", request(Movies.hello()), body).block());

        assertThat(refused.outcome()).isEqualTo(IdempotencyClaim.Outcome.IN_PROGRESS);
    }

    private IdempotentAcceptance.Accepted admit(String tenant, String key, ObjectNode movie) {
        return admission.admit(tenant, key, request(movie), body(movie)).block();
    }

    private static RenderRequest request(ObjectNode movie) {
        return new RenderRequest(movie, null, null);
    }

    private static JsonNode body(ObjectNode movie) {
        ObjectNode body = GatewayObjectMapper.create().createObjectNode();
        body.set("movie", movie);
        return body;
    }
}
