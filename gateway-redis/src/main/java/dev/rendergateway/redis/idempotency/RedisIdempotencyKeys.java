package dev.rendergateway.redis.idempotency;

import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.idempotency.IdempotencyKeys;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@link IdempotencyKeys} shared by every instance: {@code idem:<tenant>:<key>} hashes with the body's
 * fingerprint and the render id. A reservation lasts {@link #RESERVATION} until its render is stored, so a
 * key whose instance died mid-request is free again soon instead of answering "in progress" for a day.
 */
public final class RedisIdempotencyKeys implements IdempotencyKeys {

    static final Duration RESERVATION = Duration.ofSeconds(30);

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final String ttlMillis;
    private final String reservationMillis;
    private final RedisScript begin = RedisScript.load("idempotency-begin");
    private final RedisScript complete = RedisScript.load("idempotency-complete");
    private final RedisScript release = RedisScript.load("idempotency-release");

    public RedisIdempotencyKeys(RedisConnection connection, Duration ttl) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.reservationMillis = Long.toString(Math.min(ttl.toMillis(), RESERVATION.toMillis()));
    }

    @Override
    public Mono<IdempotencyClaim> begin(String tenant, String key, String fingerprint) {
        return begin.runList(redis, new String[] {keys.idempotency(tenant, key)}, fingerprint, reservationMillis)
                .map(RedisIdempotencyKeys::claimOf);
    }

    @Override
    public Mono<Void> complete(String tenant, String key, String renderId) {
        return complete.run(redis, ScriptOutputType.INTEGER, new String[] {keys.idempotency(tenant, key)},
                renderId, ttlMillis).then();
    }

    @Override
    public Mono<Void> release(String tenant, String key) {
        return release.run(redis, ScriptOutputType.INTEGER, new String[] {keys.idempotency(tenant, key)}).then();
    }

    private static IdempotencyClaim claimOf(List<Object> reply) {
        return switch (reply.get(0).toString()) {
            case "reserved" -> IdempotencyClaim.reserved();
            case "mismatch" -> IdempotencyClaim.mismatch();
            case "in_progress" -> IdempotencyClaim.inProgress();
            default -> IdempotencyClaim.replay(reply.get(1).toString());
        };
    }
}
