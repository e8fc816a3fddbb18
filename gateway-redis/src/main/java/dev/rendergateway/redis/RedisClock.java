package dev.rendergateway.redis;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Redis's clock as this instance reads it: the offset between the local clock and Redis's {@code TIME},
 * from the quickest of a few round trips. It lets a script refuse a write that Redis runs only after the
 * caller stopped waiting for it (Redis stalled, then ran its backlog), whatever the skew between the hosts.
 */
public final class RedisClock {

    /** A sample whose round trip took longer than this says more about the delay than about the clock. */
    static final Duration TRUSTED_ROUND_TRIP = Duration.ofMillis(50);

    private final RedisReactiveCommands<String, String> redis;
    private final LongSupplier localMillis;
    private volatile long offsetMillis;
    private volatile long bestRoundTripMillis = Long.MAX_VALUE;

    RedisClock(RedisReactiveCommands<String, String> redis, LongSupplier localMillis) {
        this.redis = redis;
        this.localMillis = localMillis;
    }

    /** Now, in milliseconds on Redis's clock, as estimated here. */
    public long nowMillis() {
        return localMillis.getAsLong() + offsetMillis;
    }

    /** The deadline, on Redis's clock, for a command sent now that its caller waits {@code patience} for. */
    public long deadlineMillis(Duration patience) {
        return nowMillis() + patience.toMillis();
    }

    /**
     * Reads Redis's {@code TIME} and adopts the offset when the round trip was quick (or no offset is known
     * yet); emits the round trip in milliseconds.
     */
    Mono<Long> measure() {
        return Mono.defer(() -> {
            long sent = localMillis.getAsLong();
            return redis.time().collectList().map(parts -> {
                long received = localMillis.getAsLong();
                long roundTrip = received - sent;
                if (roundTrip <= TRUSTED_ROUND_TRIP.toMillis() || roundTrip < bestRoundTripMillis) {
                    offsetMillis = redisMillis(parts) - (sent + received) / 2;
                    bestRoundTripMillis = Math.min(bestRoundTripMillis, roundTrip);
                }
                return roundTrip;
            });
        }).onErrorMap(RedisFailure::translate);
    }

    private static long redisMillis(List<String> time) {
        return Long.parseLong(time.get(0)) * 1_000 + Long.parseLong(time.get(1)) / 1_000;
    }
}
