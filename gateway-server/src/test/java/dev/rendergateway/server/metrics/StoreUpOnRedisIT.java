package dev.rendergateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code gateway_store_up{kind="redis"}}, which the RedisUnavailable alert reads, follows a real Redis: 1 while it
 * answers, 0 within one probe period and timeout of it freezing (SIGSTOP), 1 again once it thaws; a scrape
 * answers at once meanwhile, never waiting on Redis.
 */
class StoreUpOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final Duration WITHIN = StoreProbe.PERIOD.plus(StoreProbe.TIMEOUT).plusSeconds(3);

    @Test
    void storeUpFollowsRedisFreezingAndThawing() {
        try (TestGateway gateway = TestGateway.start(Map.of("GATEWAY_REDIS_URL",
                redis.process().url().toString()))) {
            Eventually.await("store up", WITHIN,
                    () -> scrape(gateway).contains("gateway_store_up{kind=\"redis\"} 1.0"));

            redis.process().freeze();
            try {
                Eventually.await("store down while Redis is frozen", WITHIN,
                        () -> scrape(gateway).contains("gateway_store_up{kind=\"redis\"} 0.0"));
            } finally {
                redis.process().thaw();
            }

            Eventually.await("store up after the thaw", WITHIN,
                    () -> scrape(gateway).contains("gateway_store_up{kind=\"redis\"} 1.0"));
        }
    }

    private static String scrape(TestGateway gateway) {
        Reply reply = gateway.client().get("/metrics", null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }
}
