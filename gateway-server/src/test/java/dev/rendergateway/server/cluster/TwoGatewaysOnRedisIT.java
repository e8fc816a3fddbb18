package dev.rendergateway.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.GatewayProcess;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done when": one redis-server, the sandbox and gateway processes. A render submitted on A is
 * watched to done on B's stream; A is killed with SIGKILL mid-render and B finishes its renders; one POST
 * per render; the combined upstream rate stays within the budget in every one-second window; a single node
 * killed and restarted on Redis loses and duplicates nothing.
 */
class TwoGatewaysOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final String ACME = "acme-key-123456";
    private static final String ZETA = "zeta-key-123456";
    private static final int RATE = 4;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(250);

    private Json2VideoSandbox sandbox;
    private final List<GatewayProcess> gateways = new ArrayList<>();

    @BeforeEach
    void startSandbox() {
        sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
                .renderTime(Duration.ofSeconds(4))
                .pendingTime(Duration.ofMillis(200))
                .build());
    }

    @AfterEach
    void stopAll() {
        gateways.forEach(GatewayProcess::close);
        sandbox.close();
    }

    @Test
    void twoInstancesBehaveAsOneAndTheSurvivorFinishesTheRendersOfAKilledOne() {
        GatewayProcess a = gateway("a");
        GatewayProcess b = gateway("b");

        String watched = submit(a.client(), ACME);
        SseEvent done = b.client().awaitEvent("/v1/renders/" + watched + "/events", ACME,
                event -> "done".equals(event.status()));
        assertThat(done.render().path("id").asText()).isEqualTo(watched);

        List<String> orphans = IntStream.range(0, 6)
                .mapToObj(i -> submit(a.client(), i % 2 == 0 ? ACME : ZETA))
                .toList();
        Eventually.await("A's renders running", Duration.ofSeconds(20),
                () -> orphans.stream().allMatch(id -> "running".equals(status(b.client(), id))));
        a.kill();

        Eventually.await("B finishes A's renders", Duration.ofSeconds(40),
                () -> orphans.stream().allMatch(id -> "done".equals(status(b.client(), id))));
        assertThat(sandbox.counters().posts()).isEqualTo(7);
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(7);
        assertThat(sandbox.counters().maxRequestsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(RATE);
        assertThat(b.log()).anyMatch(line -> line.contains("taking over the polling of render"));
    }

    @Test
    void aNodeKilledAndRestartedOnRedisLosesAndDuplicatesNothing() {
        GatewayProcess first = gateway("first");
        List<String> renders = IntStream.range(0, 8).mapToObj(i -> submit(first.client(), ACME)).toList();
        Eventually.await("some running, some still queued", Duration.ofSeconds(10),
                () -> renders.stream().anyMatch(id -> "running".equals(status(first.client(), id))));
        first.kill();

        GatewayProcess second = gateway("second");
        Eventually.await("every render ended", Duration.ofSeconds(45), () -> renders.stream()
                .map(id -> status(second.client(), id))
                .allMatch(status -> status.equals("done") || status.equals("error")));

        List<Reply> ended = renders.stream().map(id -> second.client().get("/v1/renders/" + id, ACME)).toList();
        long done = ended.stream().filter(reply -> reply.json().path("status").asText().equals("done")).count();
        long unknown = ended.stream().filter(reply -> reply.json().path("error").path("code").asText()
                .equals("upstream_outcome_unknown")).count();
        // A render caught mid-POST by SIGKILL is never re-sent: it ends upstream_outcome_unknown.
        assertThat(done + unknown).isEqualTo(renders.size());
        assertThat(unknown).isLessThanOrEqualTo(1);
        assertThat(sandbox.counters().posts()).isBetween(done, (long) renders.size());
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(sandbox.counters().posts());
        assertThat(sandbox.counters().maxRequestsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(RATE);
    }

    private GatewayProcess gateway(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_PORT", "0");
        env.put("JSON2VIDEO_BASE_URL", sandbox.baseUrl());
        env.put("JSON2VIDEO_API_KEY", sandbox.apiKey());
        env.put("GATEWAY_API_KEYS", "acme:" + ACME + ",zeta:" + ZETA);
        env.put("GATEWAY_REDIS_URL", redis.process().url().toString());
        env.put("GATEWAY_UPSTREAM_RATE", Integer.toString(RATE));
        env.put("GATEWAY_POLL_INTERVAL", POLL.toMillis() + "ms");
        env.put("GATEWAY_LEASE_TTL", LEASE.toMillis() + "ms");
        env.put("GATEWAY_TOKEN_SECRET", "a-token-secret-shared-by-all-instances-0123");
        GatewayProcess gateway = GatewayProcess.start(name, env);
        gateways.add(gateway);
        return gateway;
    }

    private static String submit(GatewayClient client, String key) {
        Reply reply = client.post("/v1/renders", key, Bodies.render(Movies.hello()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("id").asText();
    }

    private static String status(GatewayClient client, String id) {
        Reply reply = client.get("/v1/renders/" + id, ACME);
        if (reply.status() == 404) {
            reply = client.get("/v1/renders/" + id, ZETA);
        }
        return reply.json().path("status").asText();
    }

}
