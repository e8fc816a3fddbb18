package dev.rendergateway.redis.idempotency;

import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.idempotency.IdempotencyKeys;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import dev.rendergateway.redis.RememberedIdempotencyKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * {@link IdempotencyKeys} shared by every instance: {@code idem:<tenant>:<key>} hashes with the body's
 * fingerprint and the render id. A reservation lasts {@link #RESERVATION} until its render is stored, so a
 * key whose instance died mid-request is free again soon instead of answering "in progress" for a day. The keys
 * this instance completed are remembered ({@link RememberedIdempotencyKeys}) so that they can be written back
 * with their renders should Redis lose its data.
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
    private final RememberedIdempotencyKeys remembered;
    private final Duration ttl;
    /** Fingerprints of the keys this instance reserved and has not completed or released yet. */
    private final Map<String, String> reservedHere = new ConcurrentHashMap<>();

    public RedisIdempotencyKeys(RedisConnection connection, Duration ttl) {
        this(connection, ttl, new RememberedIdempotencyKeys());
    }

    /** Keys whose renders this instance creates are remembered in {@code remembered}. */
    public RedisIdempotencyKeys(RedisConnection connection, Duration ttl, RememberedIdempotencyKeys remembered) {
        this.remembered = remembered;
        this.ttl = ttl;
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.reservationMillis = Long.toString(Math.min(ttl.toMillis(), RESERVATION.toMillis()));
    }

    @Override
    public Mono<IdempotencyClaim> begin(String tenant, String key, String fingerprint) {
        return begin.runList(redis, new String[] {keys.idempotency(tenant, key)}, fingerprint, reservationMillis)
                .map(RedisIdempotencyKeys::claimOf)
                .doOnNext(claim -> {
                    if (claim.outcome() == IdempotencyClaim.Outcome.RESERVED) {
                        reservedHere.put(keys.idempotency(tenant, key), fingerprint);
                    }
                });
    }

    @Override
    public Mono<Void> complete(String tenant, String key, String renderId) {
        String redisKey = keys.idempotency(tenant, key);
        return complete.run(redis, ScriptOutputType.INTEGER, new String[] {redisKey}, renderId, ttlMillis)
                .then(Mono.fromRunnable(() -> {
                    String fingerprint = reservedHere.remove(redisKey);
                    if (fingerprint != null) {
                        remembered.remember(renderId, new RememberedIdempotencyKeys.Remembered(redisKey, fingerprint,
                                System.currentTimeMillis() + ttl.toMillis()));
                    }
                }));
    }

    @Override
    public Mono<Void> release(String tenant, String key) {
        String redisKey = keys.idempotency(tenant, key);
        return release.run(redis, ScriptOutputType.INTEGER, new String[] {redisKey}).then()
                .doFinally(signal -> reservedHere.remove(redisKey));
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
