package dev.rendergateway.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway on Redis while Redis stops answering (frozen with SIGSTOP, no data lost) and comes back: not ready
 * with the reason, new submissions refused with 503 and Retry-After (and never stored behind the caller's
 * back once Redis runs its backlog), nothing accepted dropped, and recovery without a restart. Runs in the test
 * JVM, so BlockHound watches every thread, Lettuce's included.
 */
class RedisTroubleIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Test
    void refusesNewWorkWhileRedisIsAwayKeepsWhatItAcceptedAndRecoversByItself() {
        try (TestGateway gateway = TestGateway.start(Map.of("GATEWAY_REDIS_URL", redis.process().url().toString(),
                "GATEWAY_LEASE_TTL", "2s"))) {
            Reply accepted = gateway.client().post("/v1/renders", TestGateway.ACME_KEY, Bodies.render(Movies.hello()));
            assertThat(accepted.status()).isEqualTo(202);
            String id = accepted.json().path("id").asText();
            assertThat(gateway.client().get("/health/ready", null).status()).isEqualTo(200);

            redis.process().freeze();
            try {
                Reply ready = gateway.client().get("/health/ready", null);
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.header("Content-Type")).startsWith("application/problem+json");
                assertThat(ready.json().path("details").path("store").asText()).startsWith("DOWN (redis)");

                Reply refused = gateway.client().post("/v1/renders", TestGateway.ACME_KEY,
                        Bodies.render(Movies.hello()));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).isEqualTo("5");
            } finally {
                redis.process().thaw();
            }

            awaitUntil(Duration.ofSeconds(15), () -> gateway.client().get("/health/ready", null).status() == 200);
            awaitUntil(Duration.ofSeconds(20), () -> "done".equals(gateway.client()
                    .get("/v1/renders/" + id, TestGateway.ACME_KEY).json().path("status").asText()));
            // Redis ran the refused submission's write after the thaw: it must not have stored a render
            // that its caller was told does not exist (a retry would otherwise pay for two).
            assertThat(gateway.client().get("/v1/renders", TestGateway.ACME_KEY).json().path("items"))
                    .extracting(render -> render.path("id").asText()).containsExactly(id);
            assertThat(gateway.client().post("/v1/renders", TestGateway.ACME_KEY, Bodies.render(Movies.hello()))
                    .status()).isEqualTo(202);
            assertThat(gateway.sandbox().counters().posts()).isEqualTo(1);
        }
    }

    private static void awaitUntil(Duration within, BooleanSupplier condition) {
        Eventually.await("Redis trouble resolves", within, condition);
    }
}
