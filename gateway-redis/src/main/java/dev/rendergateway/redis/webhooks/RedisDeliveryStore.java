package dev.rendergateway.redis.webhooks;

import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.core.webhooks.DeliveryStore;

import dev.rendergateway.redis.DeliveryCodec;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisFailure;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link DeliveryStore} shared by several gateway instances: each delivery JSON under
 * {@code delivery:<id>}, a list per render, a sorted set of pending ones by next attempt, written by scripts
 * ({@code delivery-insert}, {@code delivery-update}); finished deliveries expire after {@code finishedTtl}.
 * A claim is {@code SET delivery-claim:<id> <instance> PX <ttl> NX}, released only by its owner.
 */
public final class RedisDeliveryStore implements DeliveryStore {

    private static final int PAGE = 100;

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final String owner;
    private final String finishedTtlMillis;
    private final DeliveryCodec codec = new DeliveryCodec();
    private final RedisScript insert = RedisScript.load("delivery-insert");
    private final RedisScript update = RedisScript.load("delivery-update");
    private final RedisScript release = RedisScript.load("lease-release");

    /** {@code owner} names this instance in the claims it takes. */
    public RedisDeliveryStore(RedisConnection connection, String owner) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.owner = owner;
        this.finishedTtlMillis = Long.toString(connection.settings().finishedTtl().toMillis());
    }

    @Override
    public Mono<Delivery> insert(Delivery delivery) {
        return write(insert, delivery).map(existing -> existing.isEmpty() ? delivery : codec.decode(existing));
    }

    @Override
    public Mono<Delivery> update(Delivery delivery) {
        return write(update, delivery).thenReturn(delivery);
    }

    private Mono<String> write(RedisScript script, Delivery delivery) {
        return Mono.defer(() -> {
            Instant next = delivery.nextAttemptAt() == null ? Instant.EPOCH : delivery.nextAttemptAt();
            return script.<Object>run(redis, ScriptOutputType.VALUE,
                            new String[] {keys.delivery(delivery.id()), keys.renderDeliveries(delivery.renderId()),
                                    keys.pendingDeliveries()},
                            delivery.id(), codec.encode(delivery), delivery.isPending() ? "1" : "0",
                            Long.toString(next.toEpochMilli()), finishedTtlMillis)
                    .next()
                    .map(String::valueOf);
        });
    }

    @Override
    public Mono<Delivery> find(String id) {
        return redis.get(keys.delivery(id)).onErrorMap(RedisFailure::translate).map(codec::decode);
    }

    @Override
    public Flux<Delivery> ofRender(String renderId) {
        return redis.lrange(keys.renderDeliveries(renderId), 0, -1)
                .onErrorMap(RedisFailure::translate)
                .concatMap(this::find);
    }

    @Override
    public Flux<Delivery> pending() {
        return dueBy(null);
    }

    @Override
    public Flux<Delivery> dueBy(Instant by) {
        Range.Boundary<Double> upper = by == null ? Range.Boundary.unbounded()
                : Range.Boundary.including((double) by.toEpochMilli());
        return pageFrom(Range.from(Range.Boundary.unbounded(), upper), 0);
    }

    /** Pending deliveries in {@code range}, page after page as long as they are asked for. */
    private Flux<Delivery> pageFrom(Range<Double> range, long offset) {
        return redis.zrangebyscore(keys.pendingDeliveries(), range, Limit.create(offset, PAGE))
                .onErrorMap(RedisFailure::translate)
                .collectList()
                .flatMapMany(page -> {
                    Flux<Delivery> deliveries = Flux.fromIterable(page).concatMap(this::find)
                            .filter(Delivery::isPending);
                    return page.size() < PAGE ? deliveries
                            : deliveries.concatWith(Flux.defer(() -> pageFrom(range, offset + PAGE)));
                });
    }

    @Override
    public Mono<Boolean> claim(String id, Duration ttl) {
        return redis.set(keys.deliveryClaim(id), owner, SetArgs.Builder.nx().px(ttl.toMillis()))
                .onErrorMap(RedisFailure::translate)
                .map("OK"::equals)
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Void> release(String id) {
        return release.run(redis, ScriptOutputType.INTEGER, new String[] {keys.deliveryClaim(id)}, owner).then();
    }
}
