package dev.rendergateway.redis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.QueueConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.SandboxEngineClient;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisDataLossWatch;
import dev.rendergateway.redis.RememberedIdempotencyKeys;
import dev.rendergateway.redis.events.RedisRenderEvents;
import dev.rendergateway.redis.idempotency.RedisIdempotencyKeys;
import dev.rendergateway.redis.store.RedisRenderStore;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxEngine;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * What a Redis that lost its data gets back: the restore script's guarantees (never over a newer revision;
 * listing, unfinished entry, lease and Idempotency-Key come back), the marker noticing the loss, and a poller
 * whose render vanished without a write-back stopping instead of counting forever.
 */
class RenderRestoreOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private final List<Disposable> toDispose = new ArrayList<>();
    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void stop() {
        toDispose.forEach(Disposable::dispose);
        connections.forEach(RedisConnection::close);
    }

    @Test
    void aRestoredRenderComesBackWithItsListingLeaseAndIdempotencyKeyButNeverOverANewerRevision() {
        RedisConnection connection = connect();
        RedisRenderStore store = new RedisRenderStore(connection);
        RememberedIdempotencyKeys remembered = new RememberedIdempotencyKeys();
        RedisIdempotencyKeys keys = new RedisIdempotencyKeys(connection, Duration.ofHours(1), remembered);
        RedisPollLeases leases = new RedisPollLeases(connection, "holder", Duration.ofSeconds(10));
        RedisDataLossWatch watch = watch(connection);
        RedisRenderRestore restore = new RedisRenderRestore(connection, watch, remembered, leases);

        Render queued = store.insert(Render.queued("r_restored", "acme",
                new RenderRequest(Movies.hello(), null, null), Instant.now())).block();
        assertThat(keys.begin("acme", "key-1", "fp-1").block().outcome()).isEqualTo(IdempotencyClaim.Outcome.RESERVED);
        keys.complete("acme", "key-1", queued.id()).block();
        Render running = store.compareAndSet(queued, queued.submitting(Instant.now())).block();
        running = store.compareAndSet(running, running.running("P1", Instant.now())).block();

        assertThat(restore.restore(queued).block()).isFalse();
        assertThat(store.find(queued.id()).block().status()).isEqualTo(RenderStatus.RUNNING);

        redis.process().flushAll();
        assertThat(store.find(queued.id()).blockOptional()).isEmpty();

        assertThat(restore.restore(running).block()).isTrue();
        assertThat(store.find(running.id()).block()).isEqualTo(running);
        assertThat(store.list("acme", null, null, 10).map(Render::id).collectList().block())
                .containsExactly(running.id());
        assertThat(store.unfinishedIds().block()).containsExactly(running.id());
        assertThat(redis.process().cli("GET", "rg:lease:" + running.id()).trim()).isEqualTo("holder");
        assertThat(keys.begin("acme", "key-1", "fp-1").block()).isEqualTo(IdempotencyClaim.replay(running.id()));
        assertThat(restore.restore(running).block()).isFalse();
    }

    @Test
    void theMarkerNoticesEveryLossOnEveryInstanceWhicheverRewroteIt() {
        RedisDataLossWatch first = watch(connect());
        RedisDataLossWatch second = watch(connect());
        List<Long> seenByFirst = new CopyOnWriteArrayList<>();
        List<Long> seenBySecond = new CopyOnWriteArrayList<>();
        toDispose.add(first.losses().subscribe(seenByFirst::add));
        toDispose.add(second.losses().subscribe(seenBySecond::add));
        first.checkOnce().block();
        second.checkOnce().block();
        assertThat(seenByFirst).isEmpty();

        redis.process().flushAll();
        first.checkOnce().block();
        second.checkOnce().block();
        first.checkOnce().block();

        assertThat(seenByFirst).containsExactly(1L);
        assertThat(seenBySecond).containsExactly(1L);
    }

    @Test
    void aPollerWhoseRenderVanishedAndIsWrittenBackByNobodyStopsAndLeavesTheCount() {
        RedisConnection connection = connect();
        RedisRenderStore store = new RedisRenderStore(connection);
        RedisRenderEvents events = new RedisRenderEvents(connection);
        RedisSubmissionQueue queue = new RedisSubmissionQueue(connection, QueueConfig.defaults(), 100,
                Schedulers.parallel());
        LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(100), Schedulers.parallel());
        SandboxEngineClient upstream = new SandboxEngineClient(new SandboxEngine(SandboxConfig.custom()
                .renderTime(Duration.ofSeconds(30)).pendingTime(Duration.ofMillis(50)).build()));
        // No RenderRestore: nothing writes the render back.
        RenderPipeline pipeline = new RenderPipeline(store, events,
                new GuardedUpstream(upstream, budget, UpstreamCircuitBreaker.create(Duration.ofSeconds(30),
                        java.time.Clock.systemUTC()), Schedulers.parallel(), GuardedUpstream.StatusRetry.defaults()),
                queue, new RedisPollLeases(connection, "alone", Duration.ofSeconds(2)),
                PipelineConfig.custom().pollInterval(Duration.ofMillis(100)).renderTimeout(Duration.ofMinutes(1))
                        .build(), Schedulers.parallel()).start();
        toDispose.addAll(List.of(pipeline, events, queue, budget));
        Render render = pipeline.accept("acme", new RenderRequest(Movies.hello(), null, null)).block();
        await(Duration.ofSeconds(5), () -> pipeline.activePollers() == 1);

        redis.process().flushAll();

        await(Duration.ofSeconds(5), () -> pipeline.activePollers() == 0);
        assertThat(store.find(render.id()).blockOptional()).isEmpty();
    }

    private RedisDataLossWatch watch(RedisConnection connection) {
        // A period longer than the test: it checks only when told to.
        RedisDataLossWatch watch = new RedisDataLossWatch(connection, Duration.ofHours(1), Schedulers.parallel());
        toDispose.add(watch);
        return watch;
    }

    private RedisConnection connect() {
        RedisConnection connection = redis.connect();
        connections.add(connection);
        return connection;
    }

    private static void await(Duration within, BooleanSupplier condition) {
        Eventually.await("the restored render moves on", within, condition);
    }
}
