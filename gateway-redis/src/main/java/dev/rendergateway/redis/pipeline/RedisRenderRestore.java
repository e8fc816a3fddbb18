package dev.rendergateway.redis.pipeline;

import dev.rendergateway.core.pipeline.PollLeases;
import dev.rendergateway.core.pipeline.RenderRestore;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisDataLossWatch;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import dev.rendergateway.redis.RememberedIdempotencyKeys;
import dev.rendergateway.redis.RenderCodec;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link RenderRestore} for Redis: losses come from {@link RedisDataLossWatch}; a render is written back by
 * {@code render-restore.lua} in one step, with its listing, unfinished entry, lease and Idempotency-Key.
 */
public final class RedisRenderRestore implements RenderRestore {

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final RedisDataLossWatch watch;
    private final RememberedIdempotencyKeys idempotencyKeys;
    private final PollLeases leases;
    private final RenderCodec codec = new RenderCodec();
    private final RedisScript restore = RedisScript.load("render-restore");
    private final String finishedTtlMillis;

    public RedisRenderRestore(RedisConnection connection, RedisDataLossWatch watch,
                              RememberedIdempotencyKeys idempotencyKeys, PollLeases leases) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.watch = watch;
        this.idempotencyKeys = idempotencyKeys;
        this.leases = leases;
        this.finishedTtlMillis = Long.toString(connection.settings().finishedTtl().toMillis());
    }

    @Override
    public Flux<Long> losses() {
        return watch.losses();
    }

    @Override
    public Mono<Boolean> restore(Render render) {
        return Mono.defer(() -> {
            long now = System.currentTimeMillis();
            Optional<RememberedIdempotencyKeys.Remembered> key = idempotencyKeys.recall(render.id(), now);
            List<String> scriptKeys = new ArrayList<>(List.of(keys.render(render.id()),
                    keys.tenantRenders(render.tenant()), keys.unfinished(), keys.renderOrder(),
                    keys.lease(render.id())));
            key.ifPresent(remembered -> scriptKeys.add(remembered.redisKey()));
            return restore.<Long>run(redis, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new),
                            render.id(), render.tenant(), render.status().wireName(),
                            Long.toString(render.updatedAt().toEpochMilli()), codec.encode(render),
                            Long.toString(render.revision()), render.isTerminal() ? "1" : "0", finishedTtlMillis,
                            leases.terms().owner(), Long.toString(leases.terms().ttl().toMillis()),
                            key.map(RememberedIdempotencyKeys.Remembered::fingerprint).orElse(""),
                            key.map(remembered -> Long.toString(remembered.expiresAtMillis() - now)).orElse("1"))
                    .next()
                    .map(written -> written == 1L);
        });
    }
}
