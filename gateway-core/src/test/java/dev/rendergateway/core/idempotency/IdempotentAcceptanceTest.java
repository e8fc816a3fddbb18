package dev.rendergateway.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key semantics per tenant, under virtual time. */
class IdempotentAcceptanceTest {

    private final PipelineHarness harness = PipelineHarness.create(Duration.ofSeconds(30)).start();
    private final InMemoryIdempotencyKeys keys =
            new InMemoryIdempotencyKeys(Duration.ofHours(24), new SchedulerClock(harness.time));
    private final IdempotentAcceptance acceptance = new IdempotentAcceptance(harness.pipeline, harness.store, keys,
            new RequestFingerprint(GatewayObjectMapper.create()));

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theSameKeyAndBodyGetTheFirstRenderAgainAndRenderOnce() {
        IdempotentAcceptance.Accepted first = accept("acme", "key-1", body(Movies.hello()));
        harness.advance(Duration.ofSeconds(1));
        IdempotentAcceptance.Accepted again = accept("acme", "key-1", body(Movies.hello()));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.render().id()).isEqualTo(first.render().id());
        assertThat(harness.upstream.submits()).isEqualTo(1);
    }

    @Test
    void theSameBodyWithMembersInAnotherOrderIsTheSameRequest() {
        JsonNode body = Movies.json("{\"movie\":{\"scenes\":[{\"elements\":[]}],\"resolution\":\"hd\"},\"metadata\":{\"a\":1,\"b\":2}}");
        JsonNode reordered = Movies.json("{\"metadata\":{\"b\":2,\"a\":1},\"movie\":{\"resolution\":\"hd\",\"scenes\":[{\"elements\":[]}]}}");

        String first = accept("acme", "key-1", body).render().id();

        assertThat(accept("acme", "key-1", reordered).render().id()).isEqualTo(first);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        accept("acme", "key-1", body(Movies.hello()));

        IdempotencyKeyException refused = catchThrowableOfType(IdempotencyKeyException.class,
                () -> accept("acme", "key-1", body(Movies.withDirective("other"))));

        assertThat(refused.outcome()).isEqualTo(IdempotencyClaim.Outcome.MISMATCH);
        assertThat(harness.upstream.submits()).isEqualTo(1);
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsStillBeingAcceptedIsRefused() {
        JsonNode body = body(Movies.hello());
        keys.begin("acme", "key-1", new RequestFingerprint(GatewayObjectMapper.create()).of(body)).block();

        IdempotencyKeyException refused = catchThrowableOfType(IdempotencyKeyException.class,
                () -> accept("acme", "key-1", body));

        assertThat(refused.outcome()).isEqualTo(IdempotencyClaim.Outcome.IN_PROGRESS);
    }

    @Test
    void keysBelongToOneTenant() {
        String acme = accept("acme", "key-1", body(Movies.hello())).render().id();
        String zeta = accept("zeta", "key-1", body(Movies.hello())).render().id();
        harness.advance(Duration.ofSeconds(1));

        assertThat(zeta).isNotEqualTo(acme);
        assertThat(harness.upstream.submits()).isEqualTo(2);
    }

    @Test
    void keysAreForgottenAfterTheirLifetime() {
        String first = accept("acme", "key-1", body(Movies.hello())).render().id();

        harness.advance(Duration.ofHours(24).plusSeconds(1));
        IdempotentAcceptance.Accepted later = accept("acme", "key-1", body(Movies.withDirective("new body")));

        assertThat(later.replayed()).isFalse();
        assertThat(later.render().id()).isNotEqualTo(first);
    }

    @Test
    void withoutAKeyEveryRequestIsANewRender() {
        String first = accept("acme", null, body(Movies.hello())).render().id();

        assertThat(accept("acme", null, body(Movies.hello())).render().id()).isNotEqualTo(first);
    }

    private IdempotentAcceptance.Accepted accept(String tenant, String key, JsonNode body) {
        RenderRequest request = new RenderRequest(body.get("movie"), body.get("metadata"), null);
        return acceptance.accept(tenant, key, request, body).block();
    }

    private static JsonNode body(ObjectNode movie) {
        ObjectNode body = movie.objectNode();
        body.set("movie", movie);
        return body;
    }
}
