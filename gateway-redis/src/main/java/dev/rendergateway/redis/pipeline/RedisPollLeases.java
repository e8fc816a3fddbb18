package dev.rendergateway.redis.pipeline;

import dev.rendergateway.core.pipeline.LeaseTerms;
import dev.rendergateway.core.pipeline.PollLeases;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@link PollLeases} in Redis: {@code lease:<render id>} holds the owning instance's name with a time to
 * live ({@code SET … PX}); acquiring, renewing and releasing are scripts that check the owner.
 */
public final class RedisPollLeases implements PollLeases {

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final LeaseTerms terms;
    private final String ttlMillis;
    private final RedisScript acquire = RedisScript.load("lease-acquire");
    private final RedisScript renew = RedisScript.load("lease-renew");
    private final RedisScript release = RedisScript.load("lease-release");

    public RedisPollLeases(RedisConnection connection, String owner, Duration ttl) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.terms = new LeaseTerms(owner, ttl);
        this.ttlMillis = Long.toString(ttl.toMillis());
    }

    @Override
    public LeaseTerms terms() {
        return terms;
    }

    @Override
    public Mono<Boolean> acquire(String renderId) {
        return acquire.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.lease(renderId)}, terms.owner(),
                ttlMillis).next().map(held -> held == 1L);
    }

    @Override
    public Mono<Set<String>> renew(Collection<String> renderIds) {
        List<String> ids = List.copyOf(renderIds);
        String[] leaseKeys = ids.stream().map(keys::lease).toArray(String[]::new);
        return renew.runList(redis, leaseKeys, terms.owner(), ttlMillis)
                .map(positions -> positions.stream()
                        .map(position -> ids.get(Integer.parseInt(position.toString()) - 1))
                        .collect(Collectors.toSet()));
    }

    @Override
    public Mono<Void> release(String renderId) {
        return release.run(redis, ScriptOutputType.INTEGER, new String[] {keys.lease(renderId)}, terms.owner()).then();
    }
}
