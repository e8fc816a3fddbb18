package dev.rendergateway.server.webhooks;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** By default the gateway refuses, at submission, a webhook that reaches loopback, private or metadata addresses. */
class WebhookAddressGuardTest {

    private static TestGateway env;

    @BeforeAll
    static void start() {
        env = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/hook", "http://localhost:8080/hook", "https://10.0.0.5/hook",
            "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/hook", "http://100.64.1.1/hook"})
    void refusesAWebhookToAPrivateAddressWith422NamingTheWebhookField(String webhook) {
        Reply reply = env.client().post("/v1/renders", ACME_KEY,
                "{\"movie\":" + Movies.hello() + ",\"webhook\":\"" + webhook + "\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("errors")).singleElement()
                .satisfies(error -> assertThat(error.path("field").asText()).isEqualTo("webhook"));
        assertThat(problem.path("detail").asText()).startsWith("webhook:");
        assertThat(env.sandbox().counters().posts()).as("nothing refused reaches the upstream").isZero();
    }
}
