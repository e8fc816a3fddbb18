package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account-wide {@code remaining_quota} JSON2Video reports: shown in readiness and metrics, and while it says
 * no movies are left, new renders wait in the queue instead of being sent to fail; they go on once it has some.
 */
class NoMoviesLeftTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Test
    void rendersWaitQueuedWhileNoMoviesAreLeftAndGoOnOnceThereAre() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();
            env.sandbox().movieQuota(1);
            String first = submit(client);
            Eventually.await("the first render ends", WITHIN, () -> "done".equals(status(client, first)));

            String second = submit(client);
            Eventually.await("the gateway probes the quota while none is left", WITHIN,
                    () -> env.sandbox().requests().listReads() >= 3);

            assertThat(status(client, second)).isEqualTo("queued");
            assertThat(env.sandbox().counters().posts()).isOne();
            JsonNode quota = client.get("/health/ready", null).json().path("details").path("remainingQuota");
            assertThat(quota.path("movies").asLong()).isZero();
            assertThat(quota.path("submissions").asText()).startsWith("waiting");
            assertThat(client.get("/metrics", null).body())
                    .contains("gateway_upstream_remaining_quota{kind=\"movies\"} 0.0");

            env.sandbox().movieQuota(10);
            Eventually.await("the waiting render ends", WITHIN, () -> "done".equals(status(client, second)));
            assertThat(env.sandbox().counters().posts()).isEqualTo(2);
            assertThat(client.get("/health/ready", null).json().path("details").path("remainingQuota")
                    .path("movies").asLong()).isEqualTo(8);
        }
    }

    @Test
    void aRenderRefusedBecauseTheLastMovieWasJustTakenGoesBackToTheQueueNotToError() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();
            env.sandbox().movieQuota(1);
            List<String> ids = List.of(submit(client), submit(client), submit(client));
            Eventually.await("one render ends and the others wait", WITHIN, () ->
                    ids.stream().filter(id -> "done".equals(status(client, id))).count() == 1
                            && ids.stream().filter(id -> "queued".equals(status(client, id))).count() == 2);

            env.sandbox().movieQuota(10);

            Eventually.await("every render ends", WITHIN, () -> ids.stream().allMatch(id ->
                    List.of("done", "error").contains(status(client, id))));
            assertThat(ids).allSatisfy(id -> assertThat(status(client, id)).isEqualTo("done"));
            assertThat(env.sandbox().counters().rendersCreated()).isEqualTo(3);
        }
    }

    private static String submit(GatewayClient client) {
        return client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).json().path("id").asText();
    }

    private static String status(GatewayClient client, String id) {
        return client.get("/v1/renders/" + id, ACME_KEY).json().path("status").asText();
    }
}
