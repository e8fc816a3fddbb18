package dev.rendergateway.server.webhooks;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caller webhooks with {@code GATEWAY_REDIS_URL}: a delivery left pending by a gateway that was closed is
 * completed by the next one, and the tenants' signing secrets are the same on every instance, rotations
 * included. Real redis-server, real gateways and sandboxes, a real receiver on 127.0.0.1.
 */
class WebhooksSurviveRestartOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<TestGateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(TestGateway::close);
    }

    private TestGateway gateway() {
        TestGateway gateway = TestGateway.start(Map.of("GATEWAY_REDIS_URL", redis.process().url().toString(),
                "GATEWAY_WEBHOOK_ALLOW_PRIVATE", "true"));
        gateways.add(gateway);
        return gateway;
    }

    @Test
    void aDeliveryPendingInRedisIsCompletedByAGatewayStartedAfterTheFirstWasClosed() {
        try (Receiver receiver = new Receiver(new Receiver.Scripted(500, "5"))) {
            TestGateway first = gateway();
            String secret = secret(first);
            String id = submit(first, receiver.url("/done"));
            Receiver.Received failed = receiver.await(1, WAIT).get(0);
            awaitDeliveries(first, id, body -> body.path("items").path(0).path("attempts").size() == 1);
            first.close();
            gateways.remove(first);
            assertThat(receiver.count()).as("the first gateway retried nothing before it closed").isEqualTo(1);

            TestGateway second = gateway();
            Receiver.Received delivered = receiver.await(2, WAIT).get(1);

            assertThat(delivered.header("webhook-id")).isEqualTo(failed.header("webhook-id"));
            assertThatCode(() -> new Webhook(secret).verify(delivered.body(), delivered.headers()))
                    .as("signed with the secret the first gateway gave out").doesNotThrowAnyException();
            JsonNode item = awaitDeliveries(second, id, body -> "delivered".equals(
                    body.path("items").path(0).path("state").asText())).path("items").get(0);
            assertThat(item.path("attempts")).hasSize(2);
            assertThat(item.path("attempts").get(0).path("statusCode").asInt()).isEqualTo(500);
            assertThat(item.path("attempts").get(1).path("outcome").asText()).isEqualTo("delivered");
            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void secretsAreTheSameOnTwoInstancesAndARotationOnOneIsSeenByTheOther() {
        TestGateway a = gateway();
        TestGateway b = gateway();
        String original = secret(a);
        assertThat(secret(b)).startsWith("whsec_").isEqualTo(original);

        Reply rotated = b.client().post("/v1/webhook-secret/rotate", ACME_KEY, "");
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().path("secrets").get(0).path("secret").asText();

        JsonNode seenByA = a.client().get("/v1/webhook-secret", ACME_KEY).json().path("secrets");
        assertThat(seenByA).hasSize(2);
        assertThat(seenByA.get(0).path("secret").asText()).isEqualTo(fresh).isNotEqualTo(original);
        assertThat(seenByA.get(1).path("secret").asText()).as("kept for the overlap").isEqualTo(original);
        assertThat(seenByA.get(1).path("expiresAt").asText()).isNotBlank();
        assertThat(redis.process().cli("HGET", "rg:webhook-secrets:acme", "current")).isEqualTo(fresh);
    }

    private static String secret(TestGateway gateway) {
        return gateway.client().get("/v1/webhook-secret", ACME_KEY).json().path("secrets").get(0).path("secret")
                .asText();
    }

    private static String submit(TestGateway gateway, String webhook) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("movie", Movies.hello());
        body.put("webhook", webhook);
        Reply created = gateway.client().post("/v1/renders", ACME_KEY, body.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    /** Reads the render's deliveries until {@code until} holds, blocking only the test thread. */
    private static JsonNode awaitDeliveries(TestGateway gateway, String id, Predicate<JsonNode> until) {
        return gateway.client().awaitJson("/v1/renders/" + id + "/deliveries", ACME_KEY, until, 500, WAIT);
    }
}
