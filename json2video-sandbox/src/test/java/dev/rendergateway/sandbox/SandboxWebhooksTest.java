package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The sandbox calls a movie's webhook destinations once when its render ends, as JSON2Video does. */
class SandboxWebhooksTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2025-05-28T14:57:34.393Z");

    private static String movie(String comment, String... endpoints) {
        StringBuilder destinations = new StringBuilder("{\"type\":\"webhook\",\"endpoint\":\"" + endpoints[0] + "\"}");
        for (int i = 1; i < endpoints.length; i++) {
            destinations.append(",{\"type\":\"webhook\",\"endpoint\":\"").append(endpoints[i]).append("\"}");
        }
        return "{\"comment\":\"" + comment + "\",\"client-data\":{\"order\":17},"
                + "\"scenes\":[{\"elements\":[{\"type\":\"text\",\"duration\":5}]}],"
                + "\"exports\":[{\"destinations\":[{\"type\":\"ftp\",\"host\":\"x\"}," + destinations + "]}]}";
    }

    private SandboxEngine engine(WebhookBody body) {
        return new SandboxEngine(SandboxConfig.custom().clock(clock).renderTime(Duration.ofSeconds(10))
                .pendingTime(Duration.ofSeconds(1)).webhookBody(body).build());
    }

    @Test
    void callsEveryWebhookDestinationOnceWhenTheRenderIsDoneWithTheStatusAnswer() throws Exception {
        SandboxEngine engine = engine(WebhookBody.STATUS_ANSWER);
        String project = engine.create(MAPPER.readTree(movie("", "http://a.test/one", "http://b.test/two")));

        clock.advance(Duration.ofMillis(9_999));
        assertThat(engine.takeDueWebhooks()).as("still running").isEmpty();
        clock.advance(Duration.ofMillis(1));
        List<WebhookCall> calls = engine.takeDueWebhooks();

        assertThat(calls).extracting(WebhookCall::endpoint).containsExactly("http://a.test/one", "http://b.test/two");
        JsonNode body = MAPPER.readTree(calls.get(0).body());
        assertThat(calls.get(0).contentType()).isEqualTo("application/json");
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("movie").path("project").asText()).isEqualTo(project);
        assertThat(body.path("movie").path("status").asText()).isEqualTo("done");
        assertThat(engine.takeDueWebhooks()).as("announced only once").isEmpty();
    }

    @Test
    void callsTheWebhookOfAFailedRenderTooInTheFlatShape() throws Exception {
        SandboxEngine engine = engine(WebhookBody.FLAT);
        String project = engine.create(MAPPER.readTree(movie("sandbox:error", "http://a.test/one")));

        clock.advance(Duration.ofSeconds(11));
        List<WebhookCall> calls = engine.takeDueWebhooks();

        assertThat(calls).hasSize(1);
        JsonNode body = MAPPER.readTree(calls.get(0).body());
        assertThat(body.path("project").asText()).isEqualTo(project);
        assertThat(body.path("id").asText()).isEqualTo(project);
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.path("width").isTextual()).as("sizes as strings, as the flat page shows").isTrue();
        assertThat(body.path("client-data").path("order").asInt()).isEqualTo(17);
    }

    @Test
    void callsNothingForAMovieWithoutWebhookDestinations() throws Exception {
        SandboxEngine engine = engine(WebhookBody.STATUS_ANSWER);
        engine.create(MAPPER.readTree("{\"scenes\":[],\"exports\":[{\"destinations\":[{\"type\":\"ftp\"}]}]}"));

        clock.advance(Duration.ofMinutes(1));

        assertThat(engine.takeDueWebhooks()).isEmpty();
    }

    @Test
    void postsToTheReceiverOverHttpByItselfWhenTheRenderEnds() throws Exception {
        Sinks.One<String> received = Sinks.one();
        DisposableServer receiver = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .doOnNext(text -> received.tryEmitValue(request.uri() + " " + text))
                        .then(response.status(204).send()))
                .bindNow();
        try (Json2VideoSandbox sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
                .renderTime(Duration.ofMillis(200)).pendingTime(Duration.ZERO).build())) {
            String project = SandboxClient.of(sandbox)
                    .createNow(movie("", "http://127.0.0.1:" + receiver.port() + "/hook/1"));

            String call = received.asMono().block(Duration.ofSeconds(5));

            assertThat(call).startsWith("/hook/1 ").contains("\"project\":\"" + project + "\"")
                    .contains("\"status\":\"done\"");
            List<WebhookCallRecord> calls = Mono.fromSupplier(() -> sandbox.counters().webhookCalls())
                    .filter(list -> !list.isEmpty())
                    .repeatWhenEmpty(repeat -> repeat.delayElements(Duration.ofMillis(20)))
                    .block(Duration.ofSeconds(5));
            assertThat(calls).singleElement().satisfies(record -> {
                assertThat(record.project()).isEqualTo(project);
                assertThat(record.status()).isEqualTo(204);
            });
        } finally {
            receiver.disposeNow();
        }
    }
}
