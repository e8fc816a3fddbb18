package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderIds;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.tracing.TraceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The render path: admits a render into the bounded queue as {@code queued}, submits renders upstream in
 * fair turns between tenants, polls each to its end and publishes every change on the way.
 */
public final class RenderPipeline implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RenderPipeline.class);
    private static final Duration DRAIN_CHECK = Duration.ofMillis(20);

    private final RenderUpdates updates;
    private final RenderStore store;
    private final SubmissionQueue queue;
    private final RenderSubmitter submitter;
    private final RenderPoller poller;
    private final LeaseKeeper leases;
    private final RenderTakeover takeover;
    private final SubmissionReconciler reconciler;
    private final DataLossRecovery recovery;
    private final PipelineConfig config;
    private final Clock clock;
    private final RenderIds ids = new RenderIds();
    private final RequestOrigins origins = new RequestOrigins();
    private final Scheduler scheduler;
    private final GuardedUpstream upstream;
    private volatile boolean draining;
    private Disposable submitting;
    private Disposable quotaProbe;

    /** A pipeline that runs alone: its leases in its own memory. */
    public RenderPipeline(RenderStore store, RenderEvents events, GuardedUpstream upstream, SubmissionQueue queue,
                          PipelineConfig config, Scheduler scheduler) {
        this(store, events, upstream, queue, InMemoryPollLeases.solo(new SchedulerClock(scheduler)), config,
                scheduler);
    }

    /** A pipeline among others sharing the store: {@code leases} decide which instance works on which render. */
    public RenderPipeline(RenderStore store, RenderEvents events, GuardedUpstream upstream, SubmissionQueue queue,
                          PollLeases leases, PipelineConfig config, Scheduler scheduler) {
        this(store, events, upstream, queue, leases, RenderRestore.never(), config, scheduler);
    }

    /**
     * A pipeline among others sharing a store that may lose its data (Redis without persistence): {@code restore}
     * writes back the renders this instance holds when it does.
     */
    public RenderPipeline(RenderStore store, RenderEvents events, GuardedUpstream upstream, SubmissionQueue queue,
                          PollLeases leases, RenderRestore restore, PipelineConfig config, Scheduler scheduler) {
        this.store = store;
        this.queue = queue;
        this.upstream = upstream;
        this.leases = new LeaseKeeper(leases, scheduler);
        this.recovery = new DataLossRecovery(restore, this.leases, events);
        this.updates = new RenderUpdates(store, events, recovery);
        this.submitter = new RenderSubmitter(updates, upstream, queue, this.leases, config, scheduler, origins,
                () -> draining);
        this.poller = new RenderPoller(updates, upstream, events, config, scheduler, origins, () -> draining);
        this.reconciler = new SubmissionReconciler(upstream, updates, config.reconciliation(), scheduler);
        this.takeover = new RenderTakeover(store, updates, this.leases, poller, reconciler, queue,
                config.pollInterval(), scheduler);
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    /**
     * Starts submitting: {@code maxConcurrentSubmissions} workers, each waiting for work, then for a budget
     * slot, then taking the render whose turn it is at that moment.
     */
    public synchronized RenderPipeline start() {
        if (submitting == null) {
            leases.start(lost -> {
                poller.abandon(lost);
                reconciler.abandon(lost);
            });
            reconciler.start(this::afterSubmission);
            recovery.start();
            takeover.start();
            // While the account has no movies left nothing is sent, so nothing would tell when it has again.
            quotaProbe = Flux.interval(config.pollInterval(), config.pollInterval(), scheduler)
                    .onBackpressureDrop()
                    .filter(tick -> upstream.quota().noMoviesLeft() && !draining)
                    .concatMap(tick -> upstream.probeQuota(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)), 0)
                    .subscribe();
            submitting = Flux.range(0, config.maxConcurrentSubmissions())
                    .flatMap(worker -> submitter.submitNext()
                            .doOnNext(this::afterSubmission)
                            .onErrorResume(error -> {
                                log.error("a submission worker failed unexpectedly", error);
                                return Mono.empty();
                            })
                            .repeat(() -> !draining), config.maxConcurrentSubmissions())
                    .subscribe();
        }
        return this;
    }

    /**
     * Stores a new render as {@code queued}, publishes it and queues it for submission; fails with
     * {@link AdmissionRefusedException}, storing nothing, when the queue is full.
     */
    public Mono<Render> accept(String tenant, RenderRequest request) {
        return Mono.deferContextual(context -> {
            queue.admit(tenant);
            // The request's trace context stays with the render: its submission, polls and webhooks continue it.
            Render queued = Render.queued(ids.next(), tenant, request, clock.instant())
                    .withTrace(TraceContext.from(context).orElse(null));
            return updates.insert(queued)
                    .doOnNext(render -> {
                        RequestIds.from(context).ifPresent(requestId -> origins.remember(render.id(), requestId));
                        queue.enqueue(tenant, render.id());
                    })
                    .doOnError(error -> queue.release(tenant));
        });
    }

    /**
     * Cancels a render that is still queued. Emits the cancelled render; a render already sent upstream
     * (or ended) is emitted unchanged, so the caller can tell by its status. Empty if unknown to the tenant.
     */
    public Mono<Render> cancel(String tenant, String renderId) {
        return store.findOwned(tenant, renderId)
                .flatMap(owned -> updates.apply(renderId, render -> render.status() == RenderStatus.QUEUED
                        ? render.cancelled(clock.instant())
                        : render))
                .doOnNext(render -> {
                    if (render.status() == RenderStatus.CANCELLED) {
                        queue.remove(tenant, renderId);
                        origins.forget(renderId);
                    }
                });
    }

    /**
     * Checks the render's status upstream at once, because JSON2Video called its webhook (whose body is never
     * trusted); duplicate calls are coalesced. Emits whether a check was made; false once the render ended.
     */
    public Mono<Boolean> pollNow(String renderId) {
        return poller.pollNow(renderId);
    }

    /** How many renders are being polled now; one per running render, whatever the number of watchers. */
    public int activePollers() {
        return poller.activeLoops();
    }

    /** The submission queue, for its sizes and admission estimates. */
    public SubmissionQueue queue() {
        return queue;
    }

    /**
     * Winds the pipeline down for a shutdown: no render is claimed or polled any more; submissions already
     * claimed and polls already sent may finish within {@code bound}; then everything stops, and a render
     * whose submission was cut off is ended as {@code upstream_outcome_unknown} rather than left
     * {@code submitting}. Queued renders stay queued and running ones running, consistent in the store.
     */
    public Mono<Void> drain(Duration bound) {
        return Mono.defer(() -> {
            draining = true;
            return Flux.interval(Duration.ZERO, DRAIN_CHECK, scheduler)
                    .filter(tick -> submitter.inFlight() == 0 && poller.inFlightPolls() == 0)
                    .next()
                    .timeout(bound, scheduler)
                    .onErrorResume(TimeoutException.class, late -> {
                        log.warn("drain: {} submissions and {} polls still in flight after {}; stopping them",
                                submitter.inFlight(), poller.inFlightPolls(), bound);
                        return Mono.empty();
                    })
                    .then(Mono.defer(() -> {
                        // Read before disposing: cancelled submissions forget their claims.
                        java.util.Set<String> cutOff = new java.util.HashSet<>(submitter.claimedNow());
                        cutOff.addAll(reconciler.pendingNow());
                        dispose();
                        return submitter.abandon(cutOff);
                    }));
        });
    }

    /** Whether {@link #drain} has begun. */
    public boolean isDraining() {
        return draining;
    }

    private void afterSubmission(Render render) {
        if (render.status() == RenderStatus.RUNNING) {
            boolean polling = poller.follow(render, () -> {
                queue.finished(render.tenant());
                leases.release(render.id());
            });
            if (!polling) {
                queue.finished(render.tenant());
                leases.release(render.id());
            }
            return;
        }
        if (render.status() == RenderStatus.SUBMITTING) {
            // Its answer was lost: the lease stays held while the reconciler looks for it upstream.
            reconciler.reconcile(render, clock.instant());
            return;
        }
        leases.release(render.id());
        if (render.status() == RenderStatus.QUEUED) {
            queue.requeue(render.tenant(), render.id());
        } else {
            queue.finished(render.tenant());
            origins.forget(render.id());
        }
    }

    /**
     * Stops submitting and polling. Leases are not given up but left to expire, as after a crash: other
     * instances adopt this instance's renders within the lease time plus one poll interval.
     */
    @Override
    public synchronized void dispose() {
        leases.dispose();
        recovery.dispose();
        takeover.dispose();
        reconciler.dispose();
        if (quotaProbe != null) {
            quotaProbe.dispose();
        }
        if (submitting != null) {
            submitting.dispose();
        }
        poller.dispose();
    }
}
