package dev.rendergateway.server.webhooks;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.webhooks.UpstreamWebhooks;
import dev.rendergateway.sandbox.WebhookCallRecord;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.testkit.Eventually;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.FreePort;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * With GATEWAY_PUBLIC_URL set, JSON2Video (the sandbox, over real HTTP) calls the gateway when a render ends:
 * the render is done within a second of that call with one confirming GET, although polls are a minute apart;
 * the call's body is never trusted, and only the render's own unguessable path is accepted.
 */
class UpstreamWebhookTest {

    private static final String HOOK_SECRET = "test-hook-secret-0123456789abcdef-0123";

    private TestGateway env;
    private GatewayClient client;
    private UpstreamWebhooks hooks;

    @BeforeEach
    void start() {
        int port = FreePort.pick().port();
        String publicUrl = "http://127.0.0.1:" + port;
        env = TestGateway.start(Map.of(
                "GATEWAY_PORT", Integer.toString(port),
                "GATEWAY_PUBLIC_URL", publicUrl,
                "GATEWAY_HOOK_SECRET", HOOK_SECRET,
                "GATEWAY_POLL_INTERVAL", "1m"));
        client = env.client();
        hooks = new UpstreamWebhooks(URI.create(publicUrl), HOOK_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private String submit(ObjectNode movie) {
        Reply created = client.post("/v1/renders", ACME_KEY, Bodies.render(movie));
        assertThat(created.status()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private Reply call(String path, String body) {
        return client.exchange(HttpMethod.POST, path, headers -> headers.set("content-type", "application/json"),
                ByteBufFlux.fromString(Mono.just(body)));
    }

    @Test
    void finishesARenderWithinASecondOfJson2VideosCallWithOneConfirmingGet() {
        ObjectNode movie = Movies.hello();
        movie.putArray("exports").addObject().putArray("destinations").addObject()
                .put("type", "webhook").put("endpoint", "http://127.0.0.1:9/callers-own");
        String id = submit(movie);

        client.awaitEvent("/v1/renders/" + id + "/events", ACME_KEY, event -> "done".equals(event.status()));

        JsonNode done = client.get("/v1/renders/" + id, ACME_KEY).json();
        assertThat(done.path("url").asText()).endsWith("/movie.mp4");
        assertThat(env.sandbox().counters().posts()).isEqualTo(1);
        assertThat(env.sandbox().counters().gets()).as("one confirming GET").isEqualTo(1);
        List<WebhookCallRecord> calls = env.sandbox().counters().webhookCalls();
        assertThat(calls).extracting(WebhookCallRecord::endpoint).as("the caller's own destination is kept")
                .containsExactlyInAnyOrder("http://127.0.0.1:9/callers-own", hooks.endpointFor(id));
        WebhookCallRecord ours = calls.stream().filter(c -> c.endpoint().equals(hooks.endpointFor(id))).findFirst()
                .orElseThrow();
        assertThat(ours.status()).isEqualTo(200);
        assertThat(Duration.between(ours.sentAt(), Instant.parse(done.path("updatedAt").asText())))
                .isLessThan(Duration.ofSeconds(1));

        for (int i = 0; i < 3; i++) {
            assertThat(call(hooks.pathFor(id), "{\"success\":true}").status()).isEqualTo(200);
        }
        assertThat(env.sandbox().counters().gets()).as("duplicate calls after the end cost nothing").isEqualTo(1);
    }

    @Test
    void aForgedCallClaimingDoneChangesNothingForARunningRender() {
        String id = submit(Movies.withDirective("sandbox:render-time=30s"));
        client.awaitEvent("/v1/renders/" + id + "/events", ACME_KEY, event -> "running".equals(event.status()));
        String project = client.get("/v1/renders/" + id, ACME_KEY).json().path("project").asText();
        long getsBefore = env.sandbox().counters().gets();

        Reply answer = call(hooks.pathFor(id), "{\"success\":true,\"movie\":{\"project\":\"" + project
                + "\",\"status\":\"done\",\"url\":\"https://evil.example/movie.mp4\"}}");

        assertThat(answer.status()).isEqualTo(200);
        Eventually.await("the confirming GET", Duration.ofSeconds(5),
                () -> env.sandbox().counters().gets() == getsBefore + 1);
        JsonNode render = client.get("/v1/renders/" + id, ACME_KEY).json();
        assertThat(render.path("status").asText()).isEqualTo("running");
        assertThat(render.path("url").isNull()).isTrue();
    }

    @Test
    void answersACallOnAnotherPathWith404AndAsksNothingUpstream() {
        String id = submit(Movies.withDirective("sandbox:render-time=30s"));
        client.awaitEvent("/v1/renders/" + id + "/events", ACME_KEY, event -> "running".equals(event.status()));
        long getsBefore = env.sandbox().counters().gets();
        String otherToken = hooks.pathFor("r_someOtherRender").substring(hooks.pathFor("r_someOtherRender")
                .lastIndexOf('/') + 1);

        Reply forged = call(UpstreamWebhooks.PATH_PREFIX + id + "/" + otherToken, "{\"success\":true}");
        Reply noToken = call(UpstreamWebhooks.PATH_PREFIX + id, "{}");

        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.header("content-type")).isEqualTo("application/problem+json");
        assertThat(noToken.status()).isEqualTo(404);
        assertThat(env.sandbox().counters().gets()).isEqualTo(getsBefore);
    }
}
