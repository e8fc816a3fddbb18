package dev.rendergateway.server.http.renders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bounded queue per tenant: past it, 429 with Retry-After; queued renders can be cancelled for free. */
class AdmissionControlTest {

    private static final String MOVIE = "{\"movie\":{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}}";

    // One upstream request every 100 s: everything submitted here stays queued.
    private final TestGateway gateway = TestGateway.start(Map.of(
            "GATEWAY_TENANT_QUEUE_LIMIT", "2",
            "GATEWAY_UPSTREAM_RATE", "0.01"));

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void refusesARenderPastTheTenantsQueueWith429AndRetryAfter() {
        post(TestGateway.ACME_KEY);
        post(TestGateway.ACME_KEY);
        post(TestGateway.ACME_KEY);

        Reply refused = post(TestGateway.ACME_KEY);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.json().get("detail").asText()).contains("queue is full");
        assertThat(post(TestGateway.ZETA_KEY).status()).isEqualTo(202);
    }

    @Test
    void cancelsAQueuedRenderWithoutSendingAnythingUpstream() {
        post(TestGateway.ACME_KEY);
        String queued = post(TestGateway.ACME_KEY).json().get("id").asText();

        Reply cancelled = gateway.client().delete("/v1/renders/" + queued, TestGateway.ACME_KEY);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(gateway.client().get("/v1/renders/" + queued, TestGateway.ACME_KEY).json().get("status").asText())
                .isEqualTo("cancelled");
        assertThat(gateway.sandbox().counters().posts()).isLessThanOrEqualTo(1);
        assertThat(post(TestGateway.ACME_KEY).status()).as("the cancelled render's place is free").isEqualTo(202);
    }

    private Reply post(String key) {
        return gateway.client().post("/v1/renders", key, MOVIE);
    }
}
