package dev.rendergateway.server.webhooks;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A render submitted with a {@code webhook} is announced to it when it ends: signed per Standard Webhooks with
 * the tenant's secret, retried after a failure, every attempt readable at {@code /v1/renders/{id}/deliveries}.
 * Real gateway, real sandbox, real receiver on 127.0.0.1 (hence GATEWAY_WEBHOOK_ALLOW_PRIVATE=true).
 */
class CallerWebhookTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestGateway env = TestGateway.start(Map.of("GATEWAY_WEBHOOK_ALLOW_PRIVATE", "true"));
    private final GatewayClient client = env.client();

    @AfterEach
    void stop() {
        env.close();
    }

    private String submit(String webhook) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("movie", Movies.hello());
        body.put("webhook", webhook);
        Reply created = client.post("/v1/renders", ACME_KEY, body.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private String secret(String key) {
        return client.get("/v1/webhook-secret", key).json().path("secrets").get(0).path("secret").asText();
    }

    @Test
    void signsTheDeliveryAndRetriesItAfterTheReceiverAnswers500Once() throws Exception {
        try (Receiver receiver = new Receiver(new Receiver.Scripted(500, "1"))) {
            String secret = secret(ACME_KEY);
            String id = submit(receiver.url("/render-done?source=gateway"));

            List<Receiver.Received> requests = receiver.await(2, WAIT);

            for (Receiver.Received request : requests) {
                assertThatCode(() -> new Webhook(secret).verify(request.body(), request.headers()))
                        .as("the receiver verifies the signature with its secret").doesNotThrowAnyException();
                assertThat(request.uri()).isEqualTo("/render-done?source=gateway");
                assertThat(request.header("content-type")).isEqualTo("application/json");
                assertThat(request.header("x-api-key")).isNull();
                assertThat(request.header("authorization")).isNull();
            }
            assertThat(requests.get(1).header("webhook-id")).isEqualTo(requests.get(0).header("webhook-id"));
            JsonNode payload = MAPPER.readTree(requests.get(1).body());
            assertThat(payload.path("type").asText()).isEqualTo("render.done");
            assertThat(payload.path("data").path("id").asText()).isEqualTo(id);
            assertThat(payload.path("data").path("status").asText()).isEqualTo("done");
            assertThat(payload.path("data").path("url").asText()).endsWith("/movie.mp4");
            assertThat(payload.path("data").has("movie")).as("internal fields stay out").isFalse();
            assertThatThrownBy(() -> new Webhook(secretOf("zeta")).verify(requests.get(0).body(),
                    requests.get(0).headers())).isInstanceOf(WebhookVerificationException.class);

            JsonNode deliveries = awaitDeliveries(id, body -> "delivered".equals(
                    body.path("items").path(0).path("state").asText()));
            assertThat(deliveries.path("webhook").asText()).isEqualTo(receiver.url("/render-done?source=gateway"));
            JsonNode attempts = deliveries.path("items").get(0).path("attempts");
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).path("statusCode").asInt()).isEqualTo(500);
            assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("retry");
            assertThat(attempts.get(1).path("statusCode").asInt()).isEqualTo(204);
            assertThat(attempts.get(1).path("outcome").asText()).isEqualTo("delivered");
            assertThat(client.get("/v1/renders/" + id + "/deliveries", ZETA_KEY).status())
                    .as("another tenant's render").isEqualTo(404);
        }
    }

    @Test
    void signsWithBothSecretsWhileTheOldOneIsStillValid() {
        try (Receiver receiver = new Receiver()) {
            String old = secret(ACME_KEY);
            Reply rotated = client.post("/v1/webhook-secret/rotate", ACME_KEY, "");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(rotated.header("cache-control")).isEqualTo("no-store");
            JsonNode secrets = rotated.json().path("secrets");
            assertThat(secrets).hasSize(2);
            String fresh = secrets.get(0).path("secret").asText();
            assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
            assertThat(secrets.get(1).path("secret").asText()).isEqualTo(old);
            assertThat(secrets.get(1).path("expiresAt").asText()).isNotBlank();
            assertThat(secrets.get(0).path("expiresAt").isNull()).isTrue();

            submit(receiver.url("/done"));
            Receiver.Received request = receiver.await(1, WAIT).get(0);

            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            assertThatCode(() -> new Webhook(fresh).verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
            assertThatCode(() -> new Webhook(old).verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void connectsToTheVettedAddressAndKeepsTheUrlsHostName() {
        try (Receiver receiver = new Receiver()) {
            String url = receiver.url("/done").replace("127.0.0.1", "localhost");
            submit(url);

            Receiver.Received request = receiver.await(1, WAIT).get(0);

            assertThat(request.headers().get("host")).containsExactly(
                    url.substring("http://".length(), url.indexOf("/done")));
            assertThat(request.header("user-agent")).startsWith("render-gateway/").endsWith("(webhooks)");
        }
    }

    @Test
    void givesEachTenantItsOwnSecretOnlyWithItsKey() {
        assertThat(secret(ACME_KEY)).startsWith("whsec_").isNotEqualTo(secret(ZETA_KEY));
        assertThat(secret(ACME_KEY)).as("stable until rotated").isEqualTo(secret(ACME_KEY));
        Reply anonymous = client.get("/v1/webhook-secret", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void listsNoDeliveriesForARenderWithoutAWebhook() {
        Reply created = client.post("/v1/renders", ACME_KEY, "{\"movie\":" + Movies.hello() + "}");
        String id = created.json().path("id").asText();

        JsonNode body = client.get("/v1/renders/" + id + "/deliveries", ACME_KEY).json();

        assertThat(body.path("render").asText()).isEqualTo(id);
        assertThat(body.path("webhook").isNull()).isTrue();
        assertThat(body.path("items")).isEmpty();
    }

    private String secretOf(String tenant) {
        return secret("zeta".equals(tenant) ? ZETA_KEY : ACME_KEY);
    }

    /** Reads the deliveries until {@code until} holds, without blocking anything but the test thread. */
    private JsonNode awaitDeliveries(String id, Predicate<JsonNode> until) {
        return env.client().awaitJson("/v1/renders/" + id + "/deliveries", ACME_KEY, until, 200, WAIT);
    }
}
