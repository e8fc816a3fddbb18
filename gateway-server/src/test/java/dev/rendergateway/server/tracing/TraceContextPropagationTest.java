package dev.rendergateway.server.tracing;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.testkit.Eventually;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * W3C trace context through the gateway: a caller's {@code traceparent} is continued (or a trace started) on
 * every upstream call and webhook delivery its render causes, each from a new client span, and the log lines
 * of the request and of the render's pipeline carry {@code trace_id} and {@code span_id}.
 */
class TraceContextPropagationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String CALLER = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
    private static final String VALID = "00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}";

    @Test
    void continuesTheCallersTraceOnEveryUpstreamCallAndWebhookOfItsRenderEachFromANewSpan() {
        try (Peers peers = Peers.start(); RenderGateway gateway = start(peers)) {
            String id = submit(gateway, peers, h -> h.set("traceparent", CALLER).set("tracestate", "vendor=opaque"));

            awaitDoneAndDelivered(gateway, peers, id);

            List<Seen> upstream = peers.upstream();
            assertThat(upstream).as("the POST, then the polls").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(call -> {
                        assertThat(call.traceparent()).matches(VALID);
                        assertThat(traceId(call)).isEqualTo(TRACE_ID);
                        assertThat(parentSpan(call)).isNotEqualTo(CALLER_SPAN);
                        assertThat(call.tracestate()).isEqualTo("vendor=opaque");
                    });
            assertThat(upstream.get(0).method()).isEqualTo("POST");
            assertThat(upstream.stream().map(TraceContextPropagationTest::parentSpan).distinct())
                    .as("one client span per call").hasSameSizeAs(upstream);
            Seen webhook = peers.webhooks().get(0);
            assertThat(traceId(webhook)).isEqualTo(TRACE_ID);
            assertThat(parentSpan(webhook)).isNotEqualTo(CALLER_SPAN);
        }
    }

    @Test
    void startsOneNewTraceForARenderWhoseCallerSentNoneOrAMalformedOne() {
        try (Peers peers = Peers.start(); RenderGateway gateway = start(peers)) {
            String none = submit(gateway, peers, h -> { });
            awaitDoneAndDelivered(gateway, peers, none);
            List<Seen> first = List.copyOf(peers.upstream());
            String malformed = submit(gateway, peers, h -> h.set("traceparent", "00-zz-not-a-trace"));
            awaitDoneAndDelivered(gateway, peers, malformed);

            assertThat(first).allSatisfy(call -> assertThat(call.traceparent()).matches(VALID));
            assertThat(first.stream().map(TraceContextPropagationTest::traceId).distinct()).hasSize(1);
            assertThat(traceId(peers.webhooks().get(0))).isEqualTo(traceId(first.get(0)));
            List<Seen> second = peers.upstream().subList(first.size(), peers.upstream().size());
            assertThat(second).isNotEmpty().allSatisfy(call -> {
                assertThat(call.traceparent()).matches(VALID).doesNotContain("zz");
                assertThat(traceId(call)).isNotEqualTo(traceId(first.get(0)));
            });
        }
    }

    @Test
    void logLinesOfTheRequestAndOfItsRendersPipelineCarryTheTraceAndNoOtherRequestsLinesDo() {
        try (Peers peers = Peers.start(); RenderGateway gateway = start(peers);
             LogCapture logs = LogCapture.start(Level.INFO, "render-gateway.access",
                     "dev.rendergateway.core.pipeline.RenderSubmitter", "dev.rendergateway.core.pipeline.RenderPoller")) {
            String id = submit(gateway, peers, h -> h.set("traceparent", CALLER).set("X-Request-Id", "traced-1"));
            awaitDoneAndDelivered(gateway, peers, id);
            new GatewayClient(gateway.port()).exchange(HttpMethod.GET, "/health/live",
                    h -> h.set("X-Request-Id", "untraced-1"), null);
            Eventually.await("the poller's last line", Duration.ofSeconds(5), () -> logs.events().stream()
                    .anyMatch(e -> e.getLoggerName().endsWith("RenderPoller")));
            Eventually.await("the second access line", Duration.ofSeconds(2), () -> logs.events().stream()
                    .anyMatch(e -> "untraced-1".equals(requestId(e))));

            ILoggingEvent access = logs.events().stream().filter(e -> "traced-1".equals(requestId(e))
                    && e.getLoggerName().endsWith("access")).findFirst().orElseThrow();
            assertThat(access.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID);
            String serverSpan = access.getMDCPropertyMap().get("span_id");
            assertThat(serverSpan).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
            assertThat(logs.events()).filteredOn(e -> !e.getLoggerName().endsWith("access")).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(pipeline -> {
                        assertThat(pipeline.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID)
                                .containsEntry("span_id", serverSpan);
                        assertThat(pipeline.getFormattedMessage()).contains(id);
                    });
            ILoggingEvent other = logs.events().stream().filter(e -> "untraced-1".equals(requestId(e)))
                    .findFirst().orElseThrow();
            assertThat(other.getMDCPropertyMap().get("trace_id")).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
        }
    }

    @Test
    void aHandlersOwnLogLineCarriesTheTraceOfItsRequest() {
        try (Peers peers = Peers.start(); RenderGateway gateway = start(peers);
             LogCapture logs = LogCapture.start(Level.INFO, "dev.rendergateway.server.http.renders.WebhookHandlers")) {
            Reply rotated = new GatewayClient(gateway.port()).exchange(HttpMethod.POST, "/v1/webhook-secret/rotate",
                    GatewayClient.bearer(ACME_KEY).andThen(h -> h.set("traceparent", CALLER)), null);
            assertThat(rotated.status()).isEqualTo(200);

            ILoggingEvent line = logs.events().stream()
                    .filter(e -> e.getFormattedMessage().contains("rotated")).findFirst().orElseThrow();
            assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID);
            assertThat(line.getMDCPropertyMap().get("span_id")).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
        }
    }

    private static String submit(RenderGateway gateway, Peers peers, Consumer<io.netty.handler.codec.http.HttpHeaders> headers) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("movie", Movies.hello());
        body.put("webhook", peers.hookUrl());
        Reply created = new GatewayClient(gateway.port()).exchange(HttpMethod.POST, "/v1/renders",
                GatewayClient.bearer(ACME_KEY).andThen(h -> h.set("Content-Type", "application/json"))
                        .andThen(headers), ByteBufFlux.fromString(Mono.just(body.toString())));
        assertThat(created.status()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private static void awaitDoneAndDelivered(RenderGateway gateway, Peers peers, String id) {
        GatewayClient client = new GatewayClient(gateway.port());
        Eventually.await("done", Duration.ofSeconds(5),
                () -> client.get("/v1/renders/" + id, ACME_KEY).body().contains("\"done\""));
        Eventually.await("the webhook", Duration.ofSeconds(5),
                () -> peers.webhooks().stream().anyMatch(hook -> hook.body().contains(id)));
    }

    private static String traceId(Seen call) {
        return call.traceparent().substring(3, 35);
    }

    private static String parentSpan(Seen call) {
        return call.traceparent().substring(36, 52);
    }

    private static String requestId(ILoggingEvent event) {
        return event.getKeyValuePairs() == null ? null : event.getKeyValuePairs().stream()
                .filter(pair -> pair.key.equals("request_id")).map(pair -> String.valueOf(pair.value))
                .findFirst().orElse(null);
    }

    private static RenderGateway start(Peers peers) {
        return RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                        "GATEWAY_PORT", "0",
                        "GATEWAY_POLL_INTERVAL", "100ms",
                        "GATEWAY_WEBHOOK_ALLOW_PRIVATE", "true",
                        "GATEWAY_API_KEYS", "acme:" + ACME_KEY))
                .withUpstream(URI.create("http://127.0.0.1:" + peers.port()), "upstream-key-0123456789"));
    }

    /** One request a peer received: its method, trace headers and body. */
    record Seen(String method, String traceparent, String tracestate, String body) {
    }

    /**
     * A JSON2Video stand-in whose renders are done at the first poll, and a webhook receiver at {@code /hook}, on
     * one server; both record the trace headers of every request.
     */
    private record Peers(DisposableServer server, List<Seen> upstream, List<Seen> webhooks) implements AutoCloseable {

        static Peers start() {
            List<Seen> upstream = new CopyOnWriteArrayList<>();
            List<Seen> webhooks = new CopyOnWriteArrayList<>();
            DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                    .post("/v2/movies", (request, response) -> request.receive().aggregate().asString()
                            .doOnNext(body -> upstream.add(seen(request, body)))
                            .then(response.header("Content-Type", "application/json").sendString(Mono.just(
                                    "{\"success\":true,\"project\":\"p1\",\"timestamp\":\"2025-01-01T00:00:00Z\"}"))
                                    .then()))
                    .get("/v2/movies", (request, response) -> {
                        upstream.add(seen(request, ""));
                        return response.header("Content-Type", "application/json").sendString(Mono.just(
                                "{\"success\":true,\"movie\":{\"status\":\"done\",\"progress\":100,"
                                        + "\"url\":\"https://cdn.example/v.mp4\",\"duration\":5}}")).then();
                    })
                    .post("/hook", (request, response) -> request.receive().aggregate().asString()
                            .doOnNext(body -> webhooks.add(seen(request, body)))
                            .then(response.status(204).send()))).bindNow();
            return new Peers(server, upstream, webhooks);
        }

        private static Seen seen(reactor.netty.http.server.HttpServerRequest request, String body) {
            return new Seen(request.method().name(), request.requestHeaders().get("traceparent"),
                    request.requestHeaders().get("tracestate"), body);
        }

        int port() {
            return server.port();
        }

        String hookUrl() {
            return "http://127.0.0.1:" + server.port() + "/hook";
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
