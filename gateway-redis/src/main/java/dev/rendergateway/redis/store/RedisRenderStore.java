package dev.rendergateway.redis.store;

import dev.rendergateway.core.store.RenderConflictException;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.store.StoreUnavailableException;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisFailure;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import dev.rendergateway.redis.RenderCodec;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link RenderStore} shared by several gateway instances: each render a Redis hash written only by
 * atomic scripts ({@code render-insert}, {@code render-cas}), a sorted set per tenant for listing, and a set
 * of unfinished renders for recovery. Finished renders expire after {@code finishedTtl}. An insert that Redis
 * runs after its caller stopped waiting (Redis stalled, then ran its backlog) stores nothing.
 */
public final class RedisRenderStore implements RenderStore {

    private static final int PAGE = 100;
    /** What {@code render-insert} answers when Redis ran it after its deadline. */
    private static final long LATE = -1;

    private final RedisReactiveCommands<String, String> redis;
    private final RedisConnection connection;
    private final RedisKeys keys;
    private final RenderCodec codec = new RenderCodec();
    private final RedisScript insert = RedisScript.load("render-insert");
    private final RedisScript cas = RedisScript.load("render-cas");
    private final String finishedTtlMillis;
    /**
     * How long after sending an insert Redis may still store it: three quarters of the command timeout, so
     * that a render is never stored once its caller has given up and answered 503 (a retry would pay twice).
     * The quarter left covers the answer's way back and the error of the clock estimate.
     */
    private final Duration insertPatience;

    public RedisRenderStore(RedisConnection connection) {
        this.connection = connection;
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.finishedTtlMillis = Long.toString(connection.settings().finishedTtl().toMillis());
        this.insertPatience = connection.settings().commandTimeout().multipliedBy(3).dividedBy(4);
    }

    @Override
    public Mono<Render> insert(Render render) {
        return insert.<Long>run(redis, ScriptOutputType.INTEGER,
                        new String[] {keys.render(render.id()), keys.tenantRenders(render.tenant()), keys.unfinished(),
                                keys.renderOrder()},
                        render.id(), render.tenant(), render.status().wireName(),
                        Long.toString(render.updatedAt().toEpochMilli()), codec.encode(render),
                        Long.toString(render.revision()), render.isTerminal() ? "1" : "0", finishedTtlMillis,
                        Long.toString(connection.clock().deadlineMillis(insertPatience)))
                .next()
                .flatMap(done -> done == 1L ? Mono.just(render)
                        : done == LATE ? Mono.error(new StoreUnavailableException("Redis ran the insert of render "
                                + render.id() + " too late, and did not store it", null))
                        : Mono.error(new RenderConflictException(render.id())));
    }

    @Override
    public Mono<Render> find(String id) {
        return redis.hget(keys.render(id), "json").onErrorMap(RedisFailure::translate).map(codec::decode);
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return Mono.defer(() -> {
            Render stored = next.withRevision(current.revision() + 1);
            return cas.<Long>run(redis, ScriptOutputType.INTEGER,
                            new String[] {keys.render(current.id()), keys.unfinished()},
                            current.id(), Long.toString(current.revision()), Long.toString(stored.revision()),
                            stored.status().wireName(), Long.toString(stored.updatedAt().toEpochMilli()),
                            codec.encode(stored), stored.isTerminal() ? "1" : "0", finishedTtlMillis)
                    .next()
                    .flatMap(done -> done == 1L ? Mono.just(stored)
                            : Mono.error(new RenderConflictException(current.id())));
        });
    }

    @Override
    public Flux<Render> list(String tenant, RenderStatus status, String afterId, int limit) {
        String index = keys.tenantRenders(tenant);
        Mono<Range.Boundary<Double>> start = afterId == null
                ? Mono.just(Range.Boundary.unbounded())
                : redis.zscore(index, afterId).map(Range.Boundary::excluding)
                        .defaultIfEmpty(Range.Boundary.unbounded());
        return start.onErrorMap(RedisFailure::translate)
                .flatMapMany(upper -> pageFrom(index, upper))
                .filter(render -> status == null || render.status() == status)
                .take(limit);
    }

    /** Renders of the index below {@code upper}, newest first, page after page as long as they are asked for. */
    private Flux<Render> pageFrom(String index, Range.Boundary<Double> upper) {
        return redis.zrevrangebyscoreWithScores(index,
                        Range.from(Range.Boundary.unbounded(), upper), Limit.from(PAGE))
                .onErrorMap(RedisFailure::translate)
                .collectList()
                .flatMapMany(page -> {
                    Flux<Render> renders = Flux.fromIterable(page).concatMap(entry -> findOrForget(index,
                            entry.getValue()));
                    if (page.size() < PAGE) {
                        return renders;
                    }
                    double last = page.get(page.size() - 1).getScore();
                    return renders.concatWith(Flux.defer(() -> pageFrom(index, Range.Boundary.excluding(last))));
                });
    }

    /** The render, or nothing when it has expired (its index entry is dropped then). */
    private Mono<Render> findOrForget(String index, String id) {
        return find(id).switchIfEmpty(Mono.defer(() -> redis.zrem(index, id)
                .onErrorMap(RedisFailure::translate).then(Mono.empty())));
    }

    @Override
    public Flux<Render> findUnfinished() {
        return redis.smembers(keys.unfinished())
                .onErrorMap(RedisFailure::translate)
                .flatMap(this::find, 32)
                .filter(render -> !render.isTerminal());
    }

    /** The ids of unfinished renders, without reading them. */
    public Mono<List<String>> unfinishedIds() {
        return redis.smembers(keys.unfinished()).onErrorMap(RedisFailure::translate).collectList();
    }

    @Override
    public Mono<Void> ping() {
        return connection.ping();
    }
}
