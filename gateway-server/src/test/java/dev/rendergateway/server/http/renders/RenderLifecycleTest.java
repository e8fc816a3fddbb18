package dev.rendergateway.server.http.renders;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.EventStream;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.server.support.TestGateway;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: a render goes from {@code POST /v1/renders} to {@code done}, and a
 * watcher sees every step over Server-Sent Events, against a real gateway and a real sandbox.
 */
class RenderLifecycleTest {

    private static final Set<String> NOT_TERMINAL = Set.of("queued", "submitting", "running");

    @Test
    void takesARenderFromPostToDoneOverSse() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();

            Reply created = client.post("/v1/renders", ACME_KEY,
                    Bodies.render(Movies.hello(), Movies.json("{\"order\": 17}")));

            assertThat(created.status()).isEqualTo(202);
            JsonNode accepted = created.json();
            String id = accepted.path("id").asText();
            assertThat(id).isNotBlank();
            assertThat(accepted.path("status").asText()).isEqualTo("queued");
            assertThat(accepted.path("progress").asInt()).isZero();
            assertThat(accepted.path("metadata")).isEqualTo(Movies.json("{\"order\": 17}"));
            assertThat(created.header("Location")).isEqualTo("/v1/renders/" + id);

            EventStream stream = client.events("/v1/renders/" + id + "/events", ACME_KEY);

            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.retries()).as("retry: lines").hasSize(1);
            assertThat(Long.parseLong(stream.retries().get(0))).isPositive();
            assertThat(stream.unknownLines()).isEmpty();
            assertThat(stream.unterminated()).as("text after the last event").isEmpty();
            List<SseEvent> events = stream.events();
            assertThat(events).isNotEmpty();
            long previousId = Long.MIN_VALUE;
            int previousProgress = -1;
            for (SseEvent event : events) {
                assertThat(event.id()).as("id of %s", event).matches("\\d+");
                assertThat(Long.parseLong(event.id())).as("ids strictly increase").isGreaterThan(previousId);
                previousId = Long.parseLong(event.id());
                assertThat(event.event()).isEqualTo("render");
                JsonNode render = event.render();
                assertThat(render.path("id").asText()).isEqualTo(id);
                assertThat(render.path("metadata")).isEqualTo(Movies.json("{\"order\": 17}"));
                int progress = render.path("progress").asInt();
                assertThat(progress).as("progress never decreases").isGreaterThanOrEqualTo(previousProgress);
                previousProgress = progress;
            }
            assertThat(events.get(0).status()).as("the first event is the state when the stream opened")
                    .isIn(NOT_TERMINAL);
            assertThat(events.subList(0, events.size() - 1)).allSatisfy(event ->
                    assertThat(event.status()).isIn(NOT_TERMINAL));
            assertThat(events).extracting(SseEvent::status).contains("running");

            JsonNode done = stream.last().render();
            assertThat(done.path("status").asText()).isEqualTo("done");
            assertThat(done.path("progress").asInt()).isEqualTo(100);
            assertThat(done.path("project").asText()).isNotBlank();
            assertThat(done.path("url").asText()).startsWith("http");
            assertThat(done.path("thumbnail").asText()).startsWith("http");
            assertThat(done.path("duration").asDouble()).isEqualTo(5.0);
            assertThat(done.path("error").isNull()).isTrue();

            assertThat(env.sandbox().counters().posts()).as("renders sent upstream").isEqualTo(1);

            Reply afterwards = client.get("/v1/renders/" + id, ACME_KEY);
            assertThat(afterwards.status()).isEqualTo(200);
            assertThat(afterwards.json()).isEqualTo(done);
        }
    }

    @Test
    void endsARenderTheUpstreamFailsInErrorWithRenderFailed() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();
            String id = client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.withDirective("sandbox:error")))
                    .json().path("id").asText();

            EventStream stream = client.events("/v1/renders/" + id + "/events", ACME_KEY);

            JsonNode last = stream.last().render();
            assertThat(last.path("status").asText()).isEqualTo("error");
            assertThat(last.path("error").path("code").asText()).isEqualTo("render_failed");
            assertThat(last.path("error").path("message").isTextual()).isTrue();
            assertThat(last.path("url").isNull()).isTrue();
            assertThat(stream.events().subList(0, stream.events().size() - 1))
                    .extracting(SseEvent::status).allMatch(NOT_TERMINAL::contains);
            assertThat(client.get("/v1/renders/" + id, ACME_KEY).json().path("status").asText())
                    .isEqualTo("error");
            assertThat(env.sandbox().counters().posts()).isEqualTo(1);
        }
    }

    @Test
    void aStreamOpenedAfterTheEndSendsTheFinalStateOnlyAndCloses() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();
            String id = client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).json()
                    .path("id").asText();
            client.events("/v1/renders/" + id + "/events", ACME_KEY);
            JsonNode finished = client.get("/v1/renders/" + id, ACME_KEY).json();

            EventStream late = client.events("/v1/renders/" + id + "/events", ACME_KEY);

            assertThat(late.retries()).hasSize(1);
            assertThat(late.events()).hasSize(1);
            assertThat(late.events().get(0).event()).isEqualTo("render");
            assertThat(late.events().get(0).id()).matches("\\d+");
            assertThat(late.events().get(0).render()).isEqualTo(finished);
            assertThat(finished.path("status").asText()).isEqualTo("done");
        }
    }

    @Test
    void sendsHeartbeatCommentsWhileTheRenderRuns() {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_SSE_HEARTBEAT", "50ms"))) {
            GatewayClient client = env.client();
            String id = client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).json()
                    .path("id").asText();

            EventStream stream = client.events("/v1/renders/" + id + "/events", ACME_KEY);

            assertThat(stream.comments()).isNotEmpty().allSatisfy(comment -> assertThat(comment).isNotBlank());
            assertThat(stream.last().status()).isEqualTo("done");
        }
    }
}
