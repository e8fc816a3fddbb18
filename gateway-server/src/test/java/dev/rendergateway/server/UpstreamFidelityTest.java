package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.GatewayVersion;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.RawUpstream;
import dev.rendergateway.core.testing.RawUpstream.Reply;
import dev.rendergateway.sandbox.RecordedRequest;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole gateway against upstreams as strict as real front ends: the (strict) sandbox, and a raw-socket
 * upstream that refuses requests the way API gateways, WAFs and proxies do.
 */
class UpstreamFidelityTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Test
    void anOrdinaryRenderReachesDoneAgainstAStrictUpstreamAndLogsNoWarningOrError() {
        // Captured from the first request on: in this JVM, earlier gateways left Reactor Netty's meters in
        // Micrometer's global registry, which makes the next one's start warn (a process runs one gateway).
        try (TestGateway env = TestGateway.start();
             LogCapture log = LogCapture.start(Level.INFO)) {
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello(), null))
                    .json().path("id").asText();

            JsonNode done = awaitEnd(env.client(), id);

            assertThat(done.path("status").asText()).isEqualTo("done");
            List<RecordedRequest> posts = env.sandbox().requests().withMethod("POST");
            assertThat(posts).hasSize(1);
            RecordedRequest post = posts.get(0);
            assertThat(post.header("content-length")).contains(Integer.toString(post.bodyBytes()));
            assertThat(post.has("transfer-encoding")).isFalse();
            assertThat(env.sandbox().requests().all()).isNotEmpty().allSatisfy(request -> {
                assertThat(request.header("user-agent")).contains(GatewayVersion.userAgent());
                assertThat(request.header("accept")).contains("application/json");
            });
            assertThat(warningsAndErrors(log)).isEmpty();
        }
    }

    /** Also: an answer that comes before the body was read leaves no metrics warning (reactor-netty's NPE). */
    @Test
    void aRefusalOfTheRequestItselfEndsTheRenderOnceWithTheUpstreamsWordAndOneWarning() {
        int[] statuses = {400, 411, 413, 415, 422};
        try (RawUpstream upstream = RawUpstream.start();
             RenderGateway gateway = RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                             "GATEWAY_PORT", "0",
                             "GATEWAY_API_KEYS", "acme:" + ACME_KEY))
                     .withUpstream(URI.create(upstream.baseUrl()), "raw-upstream-key"));
             LogCapture log = LogCapture.start(Level.INFO)) {
            GatewayClient client = new GatewayClient(gateway.port());
            List<JsonNode> ended = new ArrayList<>();
            for (int status : statuses) {
                Reply refusal = Reply.json(status, "{\"success\":false,\"message\":\"refused: " + status + "\"}");
                // 411, 413 and 415 judge the head alone: a front end answers them before reading the body.
                upstream.then(status == 400 || status == 422 ? refusal : Reply.early(refusal));
                String id = client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello(), null))
                        .json().path("id").asText();
                ended.add(awaitEnd(client, id));
            }

            for (int i = 0; i < statuses.length; i++) {
                JsonNode render = ended.get(i);
                assertThat(render.path("status").asText()).isEqualTo("error");
                assertThat(render.path("error").path("code").asText()).isEqualTo("upstream_rejected");
                assertThat(render.path("error").path("message").asText())
                        .contains("HTTP " + statuses[i]).contains("refused: " + statuses[i]);
            }
            assertThat(upstream.requests()).as("one POST per render, none retried").hasSize(statuses.length);
            List<ILoggingEvent> warnings = warningsAndErrors(log);
            assertThat(warnings).hasSize(statuses.length).allSatisfy(warning -> {
                assertThat(warning.getLevel()).isEqualTo(Level.WARN);
                assertThat(warning.getFormattedMessage()).contains("upstream_rejected").doesNotContain("raw-upstream-key");
            });
            for (int status : statuses) {
                assertThat(warnings).filteredOn(w -> w.getFormattedMessage().contains("(HTTP " + status + ")"))
                        .hasSize(1);
            }
        }
    }

    private static JsonNode awaitEnd(GatewayClient client, String id) {
        JsonNode[] last = new JsonNode[1];
        Eventually.await("render " + id + " ends", WITHIN, () -> {
            last[0] = client.get("/v1/renders/" + id, ACME_KEY).json();
            return List.of("done", "error", "timeout", "cancelled").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private static List<ILoggingEvent> warningsAndErrors(LogCapture log) {
        return log.events().stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }
}
