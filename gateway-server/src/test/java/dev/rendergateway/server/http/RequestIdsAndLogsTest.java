package dev.rendergateway.server.http;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.testkit.Eventually;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every answer carries a request id, the caller's when well-formed; the upstream calls a request causes carry
 * it too; log lines are JSON with the id as a field, and never contain a key, token or secret.
 */
class RequestIdsAndLogsTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-0123456789";
    private static final String TOKEN_SECRET = "token-secret-0123456789-0123456789-abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void echoesAWellFormedRequestIdAndMintsOneOtherwise() {
        try (UpstreamStub upstream = UpstreamStub.start(); RenderGateway gateway = start(upstream)) {
            GatewayClient client = new GatewayClient(gateway.port());

            Reply given = client.exchange(HttpMethod.GET, "/health/live", h -> h.set("X-Request-Id", "abc-123.x"), null);
            Reply malformed = client.exchange(HttpMethod.GET, "/v1/renders/nope", h -> h.set("X-Request-Id",
                    "<script>"), null);
            Reply none = client.get("/v1/renders", null);

            assertThat(given.header("X-Request-Id")).isEqualTo("abc-123.x");
            assertThat(malformed.header("X-Request-Id")).matches("[0-9a-f]{32}");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("X-Request-Id")).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void carriesTheRequestIdToTheSubmissionAndPollsItCausesAndIntoTheLogLines() throws Exception {
        try (UpstreamStub upstream = UpstreamStub.start(); RenderGateway gateway = start(upstream);
             LogCapture logs = LogCapture.start(Level.INFO, "render-gateway.access",
                     "dev.rendergateway.core.pipeline.RenderSubmitter")) {
            GatewayClient client = new GatewayClient(gateway.port());

            Reply created = client.exchange(HttpMethod.POST, "/v1/renders", GatewayClient.bearer(ACME_KEY)
                    .andThen(h -> h.set("X-Request-Id", "req-render-1").set("Content-Type", "application/json")),
                    reactor.netty.ByteBufFlux.fromString(Mono.just(Bodies.render(Movies.hello()))));
            assertThat(created.status()).isEqualTo(202);
            String id = created.json().path("id").asText();
            Eventually.await("done", Duration.ofSeconds(5),
                    () -> client.get("/v1/renders/" + id, ACME_KEY).body().contains("\"done\""));
            Reply token = client.post("/v1/tokens", ACME_KEY, "{}");
            String issued = token.json().path("token").asText();
            client.get("/v1/renders/" + id + "/events?access_token=" + issued, null);

            assertThat(upstream.requestIds()).as("POST then GETs").hasSizeGreaterThanOrEqualTo(2)
                    .containsOnly("req-render-1");
            Eventually.await("the access line", Duration.ofSeconds(2), () -> logs.events().stream()
                    .anyMatch(e -> "req-render-1".equals(field(e, "request_id"))));
            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getLoggerName()).endsWith("RenderSubmitter");
                assertThat(field(event, "request_id")).isEqualTo("req-render-1");
            });
            ILoggingEvent access = logs.events().stream()
                    .filter(e -> "req-render-1".equals(field(e, "request_id")) && e.getLoggerName().endsWith("access"))
                    .findFirst().orElseThrow();
            assertThat(field(access, "route")).isEqualTo("/v1/renders");
            assertThat(field(access, "status")).isEqualTo(202);

            List<String> lines = encoded(logs.events());
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());
            assertThat(String.join("\n", lines)).contains("\"request_id\":\"req-render-1\"")
                    .doesNotContain(ACME_KEY, UPSTREAM_KEY, TOKEN_SECRET, issued);
        }
    }

    private static Object field(ILoggingEvent event, String key) {
        return event.getKeyValuePairs() == null ? null : event.getKeyValuePairs().stream()
                .filter(pair -> pair.key.equals(key)).map(pair -> pair.value).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** The captured events as the production encoder writes them, one JSON object per line. */
    private static List<String> encoded(List<ILoggingEvent> events) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory());
        encoder.start();
        try {
            return events.stream().map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8).trim()).toList();
        } finally {
            encoder.stop();
        }
    }

    private static RenderGateway start(UpstreamStub upstream) {
        return RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                        "GATEWAY_PORT", "0",
                        "GATEWAY_POLL_INTERVAL", "100ms",
                        "GATEWAY_TOKEN_SECRET", TOKEN_SECRET,
                        "GATEWAY_API_KEYS", "acme:" + ACME_KEY))
                .withUpstream(URI.create("http://127.0.0.1:" + upstream.port()), UPSTREAM_KEY));
    }

    /** A JSON2Video stand-in that records the X-Request-Id of every call; renders are done at the first poll. */
    private record UpstreamStub(DisposableServer server, List<String> requestIds) implements AutoCloseable {

        static UpstreamStub start() {
            List<String> ids = new CopyOnWriteArrayList<>();
            DisposableServer server = HttpServer.create().port(0).route(routes -> routes
                    .post("/v2/movies", (request, response) -> {
                        ids.add(String.valueOf(request.requestHeaders().get("X-Request-Id")));
                        return request.receive().then(response.header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"success\":true,\"project\":\"p1\",\"timestamp\":\"2025-01-01T00:00:00Z\"}"))
                                .then());
                    })
                    .get("/v2/movies", (request, response) -> {
                        ids.add(String.valueOf(request.requestHeaders().get("X-Request-Id")));
                        return response.header("Content-Type", "application/json").sendString(Mono.just(
                                "{\"success\":true,\"movie\":{\"status\":\"done\",\"progress\":100,"
                                        + "\"url\":\"https://cdn.example/v.mp4\",\"duration\":5}}")).then();
                    })).bindNow();
            return new UpstreamStub(server, ids);
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
