package dev.rendergateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.redis.testing.RedisServer;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis's clock read from an instance whose own clock is off: deadlines must be on Redis's time. */
class RedisClockIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @Test
    void readsRedisTimeEvenWhenTheLocalClockIsAnHourBehind() {
        try (RedisConnection connection = redis.connect()) {
            long hour = Duration.ofHours(1).toMillis();
            RedisClock clock = new RedisClock(connection.commands(), () -> System.currentTimeMillis() - hour);

            long roundTrip = clock.measure().block();

            // redis-server runs on this host, so Redis's time is this host's time.
            long estimated = clock.nowMillis();
            long actual = System.currentTimeMillis();
            assertThat(estimated).isCloseTo(actual, Offset.offset(roundTrip + 5));
            assertThat(clock.deadlineMillis(Duration.ofSeconds(2)) - clock.nowMillis()).isBetween(1_999L, 2_000L);
        }
    }

    @Test
    void theConnectionSetsItsClockBeforeAnythingNeedsADeadline() {
        try (RedisConnection connection = redis.connect()) {
            long estimated = connection.clock().nowMillis();
            long actual = System.currentTimeMillis();
            assertThat(estimated).isCloseTo(actual, Offset.offset(RedisClock.TRUSTED_ROUND_TRIP.toMillis()));
        }
    }
}
