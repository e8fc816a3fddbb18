package dev.rendergateway.redis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.QueueConfig;
import dev.rendergateway.core.pipeline.ReconcileConfig;
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
import dev.rendergateway.redis.events.RedisRenderEvents;
import dev.rendergateway.redis.idempotency.RedisIdempotencyKeys;
import dev.rendergateway.redis.store.RedisRenderStore;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxEngine;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Two pipelines on one Redis, in real time: each render claimed and sent once, recovery of a dead instance's work. */
class RedisPipelineIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final Duration POLL = Duration.ofMillis(200);

    private final SandboxEngineClient upstream = new SandboxEngineClient(new SandboxEngine(SandboxConfig.custom()
            .renderTime(Duration.ofMillis(800)).pendingTime(Duration.ofMillis(100)).build()));
    private final List<Disposable> toDispose = new ArrayList<>();
    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void stop() {
        toDispose.forEach(Disposable::dispose);
        connections.forEach(RedisConnection::close);
    }

    @Test
    void everyRenderIsClaimedAndSentOnceWhileTwoInstancesCompete() {
        Instance a = instance("a");
        Instance b = instance("b");

        List<Render> accepted = Flux.range(0, 40)
                .concatMap(i -> (i % 2 == 0 ? a : b).pipeline.accept(i % 3 == 0 ? "zeta" : "acme",
                        new RenderRequest(Movies.hello(), null, null)))
                .collectList().block();

        awaitAll(a.store, accepted, RenderStatus.DONE, Duration.ofSeconds(30));
        assertThat(upstream.submits()).isEqualTo(40);
    }

    @Test
    void aRenderTakenOutOfTheQueueByAnInstanceThatDiedIsPutBackWithinSecondsAndSentOnce() {
        // An instance that accepted a render, took it out of the queue and died before claiming it; the same
        // as a pop whose answer Redis lost in a stall.
        Instance dead = instance("dead", false);
        Render render = dead.pipeline.accept("acme", new RenderRequest(Movies.hello(), null, null)).block();
        awaitQueued(dead.queue);
        assertThat(dead.queue.next().block()).isNotNull();

        Instance survivor = instance("survivor");

        // The repair's grace (5 s), one recovery scan, the render itself (under 1 s), and slack.
        awaitAll(survivor.store, List.of(render), RenderStatus.DONE,
                RedisSubmissionQueue.REPAIR_GRACE.plusSeconds(4));
        assertThat(upstream.submits()).isEqualTo(1);
    }

    @Test
    void aRenderWhoseReconcilingInstanceDiedIsReconciledByTheSurvivorAndCreatedOnce() {
        // The reconciling instance reads the list only every 10 s: it dies before its first read.
        Instance dying = instance("dying", true, ReconcileConfig.of(Duration.ofMinutes(1)));
        upstream.faults().next(Fault.DROP_AFTER_READ);
        Render render = dying.pipeline.accept("acme", new RenderRequest(Movies.hello(), null, null)).block();
        awaitAll(dying.store, List.of(render), RenderStatus.SUBMITTING, Duration.ofSeconds(5));
        Instance survivor = instance("survivor", true, ReconcileConfig.of(Duration.ofMillis(1200)));
        Mono.delay(POLL.multipliedBy(3)).block(); // a real wait: nothing must happen in it
        assertThat(survivor.store.find(render.id()).block().status())
                .as("left alone while the live instance holds its lease").isEqualTo(RenderStatus.SUBMITTING);

        dying.pipeline.dispose();

        // The lease's 2 s, one recovery scan, one list read, the render itself, and slack.
        awaitAll(survivor.store, List.of(render), RenderStatus.DONE, Duration.ofSeconds(8));
        assertThat(upstream.submits()).isEqualTo(1);
        assertThat(upstream.engine().size()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysHoldAcrossInstances() {
        RedisIdempotencyKeys onA = new RedisIdempotencyKeys(connect(), Duration.ofHours(1));
        RedisIdempotencyKeys onB = new RedisIdempotencyKeys(connect(), Duration.ofHours(1));

        assertThat(onA.begin("acme", "k1", "fp").block().outcome()).isEqualTo(IdempotencyClaim.Outcome.RESERVED);
        assertThat(onB.begin("acme", "k1", "fp").block().outcome()).isEqualTo(IdempotencyClaim.Outcome.IN_PROGRESS);
        onA.complete("acme", "k1", "r_1").block();

        assertThat(onB.begin("acme", "k1", "fp").block()).isEqualTo(IdempotencyClaim.replay("r_1"));
        assertThat(onB.begin("acme", "k1", "other").block().outcome())
                .isEqualTo(IdempotencyClaim.Outcome.MISMATCH);
        assertThat(onB.begin("zeta", "k1", "fp").block().outcome()).isEqualTo(IdempotencyClaim.Outcome.RESERVED);
    }

    private void awaitQueued(RedisSubmissionQueue queue) {
        Eventually.await("one render queued", Duration.ofSeconds(5),
                () -> "1".equals(redis.process().cli("GET", "rg:queue-size").trim()));
    }

    private static void awaitAll(RedisRenderStore store, List<Render> renders, RenderStatus status, Duration limit) {
        Eventually.await("all " + renders.size() + " renders " + status, limit,
                () -> renders.stream().allMatch(r -> store.find(r.id()).block().status() == status));
    }

    private RedisConnection connect() {
        RedisConnection connection = redis.connect();
        connections.add(connection);
        return connection;
    }

    private Instance instance(String name) {
        return instance(name, true);
    }

    private Instance instance(String name, boolean started) {
        return instance(name, started, ReconcileConfig.defaults());
    }

    private Instance instance(String name, boolean started, ReconcileConfig reconciliation) {
        RedisConnection connection = connect();
        RedisRenderStore store = new RedisRenderStore(connection);
        RedisRenderEvents events = new RedisRenderEvents(connection);
        RedisSubmissionQueue queue = new RedisSubmissionQueue(connection, QueueConfig.defaults(), 100,
                Schedulers.parallel());
        LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(100), Schedulers.parallel());
        RenderPipeline pipeline = new RenderPipeline(store, events,
                new GuardedUpstream(upstream, budget, UpstreamCircuitBreaker.create(Duration.ofSeconds(30),
                        java.time.Clock.systemUTC()), Schedulers.parallel(), GuardedUpstream.StatusRetry.defaults()),
                queue, new RedisPollLeases(connection, name, Duration.ofSeconds(2)),
                PipelineConfig.custom().pollInterval(POLL).renderTimeout(Duration.ofMinutes(1))
                        .reconciliation(reconciliation).build(),
                Schedulers.parallel());
        if (started) {
            pipeline.start();
        }
        toDispose.addAll(List.of(pipeline, events, queue, budget));
        return new Instance(store, queue, pipeline);
    }

    private record Instance(RedisRenderStore store, RedisSubmissionQueue queue, RenderPipeline pipeline) {
    }
}
