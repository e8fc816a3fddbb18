package dev.rendergateway.server.http.renders;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.testkit.MutableClock;
import dev.rendergateway.server.support.CompatClient;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GATEWAY_CREDIT_QUOTAS} and {@code GET /v1/usage} on a real gateway and sandbox, the UTC day read from a
 * hand-moved clock: credits come from the sandbox's {@code consumed_credits} (5 for the 5-second movie).
 */
class CreditQuotasTest {

    private static final String MOVIE = "{\"movie\":" + Movies.hello() + "}";

    private final MutableClock clock = MutableClock.at("2025-05-28T22:00:00Z");
    private final TestGateway gateway = TestGateway.start(Map.of("GATEWAY_CREDIT_QUOTAS", "acme:5"), clock);
    private final GatewayClient client = gateway.client();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void usageTellsTheCreditsTheUpstreamReportedOnceRendersFinish() {
        String id = finishedRender(ACME_KEY);

        Reply usage = client.get("/v1/usage", ACME_KEY);

        assertThat(usage.status()).isEqualTo(200);
        JsonNode body = usage.json();
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("period").asText()).isEqualTo("2025-05-28");
        assertThat(body.path("creditsConsumed").asDouble()).isEqualTo(5.0);
        assertThat(body.path("creditsLimit").asDouble()).isEqualTo(5.0);
        assertThat(body.path("renders").path("accepted").asLong()).isEqualTo(1);
        assertThat(body.path("renders").path("done").asLong()).isEqualTo(1);
        assertThat(body.path("renders").path("error").asLong()).isZero();
        assertThat(client.get("/v1/renders/" + id, ACME_KEY).json().path("credits").asDouble()).isEqualTo(5.0);
        assertThat(new CompatClient(client).getMovie(ACME_KEY, "project=" + id).json()
                .path("movie").path("consumed_credits").asDouble()).isEqualTo(5.0);
        JsonNode zeta = client.get("/v1/usage", ZETA_KEY).json();
        assertThat(zeta.path("creditsConsumed").asDouble()).isZero();
        assertThat(zeta.path("creditsLimit").isNull()).isTrue();
    }

    @Test
    void aRenderCarriesNoCreditsUntilTheUpstreamReportsThem() {
        Reply accepted = client.post("/v1/renders", ACME_KEY, MOVIE);

        assertThat(accepted.json().has("credits")).isTrue();
        assertThat(accepted.json().path("credits").isNull()).isTrue();
    }

    @Test
    void aTenantPastItsLimitGets429UntilUtcMidnightOnEveryEntryPointWhileAnotherTenantGoesOn() {
        finishedRender(ACME_KEY);

        Reply v1 = client.post("/v1/renders", ACME_KEY, MOVIE);
        Reply v2 = new CompatClient(client).postMovie(ACME_KEY, Movies.hello().toString());
        JsonNode line = client.post("/v1/renders/batch", ACME_KEY, MOVIE + "\n").json().path("problem");
        Reply other = client.post("/v1/renders", ZETA_KEY, MOVIE);

        for (Reply refused : new Reply[] {v1, v2}) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
            assertThat(refused.json().path("type").asText()).endsWith("quota-exceeded");
            assertThat(refused.header(HttpHeaderNames.RETRY_AFTER)).isEqualTo("7200");
        }
        assertThat(line.path("status").asInt()).isEqualTo(429);
        assertThat(line.path("type").asText()).endsWith("quota-exceeded");
        assertThat(line.path("retryAfter").asLong()).isEqualTo(7200);
        assertThat(other.status()).isEqualTo(202);
        assertThat(client.get("/v1/usage", ACME_KEY).json().path("renders").path("accepted").asLong())
                .as("refused submissions are not renders").isEqualTo(1);
    }

    @Test
    void theNextUtcDayAdmitsTheTenantAgainFromZero() {
        finishedRender(ACME_KEY);
        assertThat(client.post("/v1/renders", ACME_KEY, MOVIE).status()).isEqualTo(429);

        clock.advance(Duration.ofHours(2));

        assertThat(client.post("/v1/renders", ACME_KEY, MOVIE).status()).isEqualTo(202);
        JsonNode usage = client.get("/v1/usage", ACME_KEY).json();
        assertThat(usage.path("period").asText()).isEqualTo("2025-05-29");
        assertThat(usage.path("creditsConsumed").asDouble()).isZero();
    }

    private String finishedRender(String key) {
        Reply accepted = client.post("/v1/renders", key, MOVIE);
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        client.awaitEvent("/v1/renders/" + id + "/events", key, event -> event.status().equals("done"));
        // The ledger is booked in the same step that stores the render as done.
        client.awaitJson("/v1/usage", key, usage -> usage.path("renders").path("done").asLong() >= 1, 100,
                Duration.ofSeconds(5));
        return id;
    }
}
