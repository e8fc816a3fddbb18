package dev.rendergateway.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Issue 14, part 5: a Redis without persistence is killed and restarted empty while 20 renders are in flight
 * on two gateways. The gateways holding their leases write them back: every render ends {@code done} and is
 * readable (and listed) on either gateway, nothing is sent upstream twice, the poller counts return to 0, and
 * an EventSource-like follower that resumes with {@code Last-Event-ID} sees its render reach done.
 */
class RendersInFlightSurviveRedisLosingItsDataIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final int RENDERS = 20;
    private static final Duration RENDER_TIME = Duration.ofSeconds(8);

    @Test
    void everyRenderInFlightEndsDoneAndReadableAfterRedisRestartsEmpty() {
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(TestGateway.sandboxConfig()
                .renderTime(RENDER_TIME)
                .build());
        Map<String, String> env = Map.of("GATEWAY_REDIS_URL", redis.process().url().toString(),
                "GATEWAY_LEASE_TTL", "2s", "GATEWAY_POLL_INTERVAL", "500ms", "GATEWAY_UPSTREAM_RATE", "100");
        try (sandbox; TestGateway a = TestGateway.startOn(sandbox, env);
             TestGateway b = TestGateway.startOn(sandbox, env)) {
            List<String> ids = IntStream.range(0, RENDERS)
                    .mapToObj(i -> submit(i % 2 == 0 ? a.client() : b.client()))
                    .toList();
            Eventually.await("all renders running", Duration.ofSeconds(10),
                    () -> ids.stream().allMatch(id -> "running".equals(status(a.client(), id))));
            assertThat(activePollers(a.client()) + activePollers(b.client())).isEqualTo(RENDERS);
            Queue<SseEvent> followed = new ConcurrentLinkedQueue<>();
            Disposable follower = follow(new SseWatch(b.port()), ids.get(0), followed);
            try {
                Eventually.await("the follower has the render's current state", Duration.ofSeconds(5),
                        () -> !followed.isEmpty());

                String marker = redis.process().cli("GET", "rg:data-marker").trim();
                redis.process().restartEmpty();
                // The premise: Redis came back empty, so the gateways wrote a new marker.
                Eventually.await("a new data marker", Duration.ofSeconds(5), () -> {
                    String now = redis.process().cli("GET", "rg:data-marker").trim();
                    return !now.isEmpty() && !now.equals(marker);
                });

                Eventually.await("every render done", RENDER_TIME.plusSeconds(20), () -> ids.stream()
                        .allMatch(id -> "done".equals(status(b.client(), id))));
                Eventually.await("the follower saw the render reach done", Duration.ofSeconds(10),
                        () -> followed.stream().anyMatch(event -> "done".equals(event.status())));
            } finally {
                follower.dispose();
            }

            for (String id : ids) {
                for (GatewayClient client : List.of(a.client(), b.client())) {
                    Reply reply = client.get("/v1/renders/" + id, TestGateway.ACME_KEY);
                    assertThat(reply.status()).as(id).isEqualTo(200);
                    assertThat(reply.json().path("status").asText()).as(id).isEqualTo("done");
                    assertThat(reply.json().path("url").asText()).as(id).startsWith("http");
                }
            }
            assertThat(a.client().get("/v1/renders?limit=100", TestGateway.ACME_KEY).json().path("items"))
                    .extracting(render -> render.path("id").asText())
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(sandbox.counters().posts()).isEqualTo(RENDERS);
            assertThat(sandbox.counters().rendersCreated()).isEqualTo(RENDERS);
            Eventually.await("no poller left", Duration.ofSeconds(5),
                    () -> activePollers(a.client()) == 0 && activePollers(b.client()) == 0);
            assertThat(followed).extracting(SseEvent::id).map(Long::parseLong).isSorted();
        }
    }

    private static String submit(GatewayClient client) {
        Reply reply = client.post("/v1/renders", TestGateway.ACME_KEY, Bodies.render(Movies.hello()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("id").asText();
    }

    private static String status(GatewayClient client, String id) {
        return client.get("/v1/renders/" + id, TestGateway.ACME_KEY).json().path("status").asText();
    }

    private static int activePollers(GatewayClient client) {
        return client.get("/health/ready", null).json().path("details").path("activePollers").asInt(-1);
    }

    /** Follows one render like an EventSource: reconnects after each end, resuming with Last-Event-ID. */
    private static Disposable follow(SseWatch watch, String id, Queue<SseEvent> into) {
        AtomicReference<String> lastId = new AtomicReference<>();
        return Flux.defer(() -> watch.events("/v1/renders/" + id + "/events", headers -> {
                    GatewayClient.bearer(TestGateway.ACME_KEY).accept(headers);
                    if (lastId.get() != null) {
                        headers.set("Last-Event-ID", lastId.get());
                    }
                }))
                .doOnNext(event -> {
                    if (event.id() != null) {
                        lastId.set(event.id());
                        into.add(event);
                    }
                })
                .takeUntil(event -> "done".equals(event.status()))
                .onErrorResume(error -> Flux.empty())
                .repeat(() -> into.stream().noneMatch(event -> "done".equals(event.status())))
                .subscribe();
    }
}
