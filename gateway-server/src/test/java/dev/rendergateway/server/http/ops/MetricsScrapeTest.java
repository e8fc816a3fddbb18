package dev.rendergateway.server.http.ops;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** After a render, /metrics in Prometheus text format holds every metric family operators rely on. */
class MetricsScrapeTest {

    private static final List<String> FAMILIES = List.of(
            // The listener (URI tags are route templates); Reactor Netty: the upstream client and its pool.
            "http_server_requests_seconds",
            "http_server_connections_active",
            "reactor_netty_http_client_response_time_seconds",
            "reactor_netty_connection_provider_total_connections",
            // Resilience4j: the circuit breaker and the upstream rate limiter.
            "resilience4j_circuitbreaker_state",
            "resilience4j_circuitbreaker_calls_seconds",
            "resilience4j_ratelimiter_available_permissions",
            // The gateway's own.
            "gateway_renders_total",
            "gateway_queue_depth",
            "gateway_upstream_requests_total",
            "gateway_upstream_responses_total",
            "gateway_upstream_in_flight",
            "gateway_sse_streams",
            "gateway_sse_subscribers",
            "gateway_events_delivered_total",
            "gateway_events_conflated_total",
            "gateway_webhook_deliveries_total",
            "gateway_draining",
            "jvm_memory_used_bytes");

    @Test
    void exposesEveryFamilyAfterARenderWithBoundedLabels() {
        try (TestGateway env = TestGateway.start()) {
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()))
                    .json().path("id").asText();
            env.client().awaitEvent("/v1/renders/" + id + "/events", ACME_KEY,
                    event -> event.data().contains("\"status\":\"done\""));
            Disposable watcher = new SseWatch(env.port())
                    .events("/v1/events", GatewayClient.bearer(ACME_KEY)).subscribe();
            try {
                Eventually.await("a stream open", Duration.ofSeconds(5),
                        () -> env.gateway().streamStats().openStreams() == 1);
                Reply scrape = env.client().get("/metrics", null);

                assertThat(scrape.status()).isEqualTo(200);
                assertThat(scrape.header("Content-Type")).startsWith("text/plain; version=0.0.4");
                List<String> lines = Arrays.asList(scrape.body().split("\n"));
                assertThat(FAMILIES).allSatisfy(family -> assertThat(lines)
                        .as(family).anyMatch(line -> line.startsWith("# TYPE " + family + " ")));
                assertThat(scrape.body())
                        .contains("gateway_renders_total{status=\"done\",tenant=\"acme\"} 1")
                        .contains("gateway_queue_depth{tenant=\"zeta\"} 0")
                        .contains("gateway_upstream_requests_total{operation=\"submit\"} 1")
                        .contains("gateway_upstream_responses_total{code=\"200\",operation=\"status\"}")
                        .contains("gateway_sse_streams 1")
                        .contains("uri=\"/v1/renders/{id}/events\"")
                        .contains("http_server_requests_seconds_count{method=\"POST\",status=\"202\","
                                + "uri=\"/v1/renders\"} 1")
                        .contains("http_server_connections_active")
                        .contains("uri=\"/v2/movies\"")
                        .as("no raw render id or project becomes a label").doesNotContain(id);
            } finally {
                watcher.dispose();
            }
        }
    }
}
