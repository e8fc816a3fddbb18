package dev.rendergateway.server.http;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browsers on the origins of {@code GATEWAY_CORS_ORIGINS} may call the gateway; others may not. */
class CorsTest {

    private static final String ALLOWED = "https://app.example.com";

    private TestGateway env;
    private GatewayClient client;

    @BeforeEach
    void start() {
        env = TestGateway.start(Map.of("GATEWAY_CORS_ORIGINS", ALLOWED + ", http://localhost:3000"));
        client = env.client();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void answersAPreflightFromAnAllowedOriginWithTheMethodsAndHeadersItNeeds() {
        Reply reply = client.exchange(HttpMethod.OPTIONS, "/v1/renders", headers -> headers
                .set("Origin", ALLOWED)
                .set("Access-Control-Request-Method", "POST")
                .set("Access-Control-Request-Headers", "authorization, content-type, idempotency-key, last-event-id"),
                null);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(reply.header("Access-Control-Allow-Methods")).contains("POST", "GET", "DELETE");
        assertThat(reply.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization", "content-type", "idempotency-key", "last-event-id");
        assertThat(reply.header("Vary")).contains("Origin");
    }

    @Test
    void refusesAPreflightFromAnotherOriginWithAProblem() {
        Reply reply = client.exchange(HttpMethod.OPTIONS, "/v1/events", headers -> headers
                .set("Origin", "https://evil.example")
                .set("Access-Control-Request-Method", "GET"), null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void letsAnAllowedOriginReadAnswersAndTheLocationHeader() {
        Reply listed = client.exchange(HttpMethod.GET, "/v1/renders", GatewayClient.bearer(ACME_KEY)
                .andThen(headers -> headers.set("Origin", ALLOWED)), null);
        Reply refused = client.exchange(HttpMethod.GET, "/v1/renders", GatewayClient.bearer(null)
                .andThen(headers -> headers.set("Origin", ALLOWED)), null);
        Reply elsewhere = client.exchange(HttpMethod.GET, "/v1/renders", GatewayClient.bearer(ACME_KEY)
                .andThen(headers -> headers.set("Origin", "https://evil.example")), null);

        assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(listed.header("Access-Control-Expose-Headers")).contains("Location");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).as("problems are readable too").isEqualTo(ALLOWED);
        assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();
    }
}
