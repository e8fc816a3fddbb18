package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.time.SchedulerClock;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Recovery: at start and then every poll interval, adopts the unfinished renders nobody holds a lease for
 * (their instance died or restarted). A running render is polled here from then on; a render found in
 * {@code submitting} is never sent blindly again but reconciled through list mode; the queue puts back
 * queued renders that a dead instance had taken out. So a render is taken over within the lease time plus
 * one poll interval.
 */
final class RenderTakeover implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RenderTakeover.class);

    private final RenderStore store;
    private final RenderUpdates updates;
    private final LeaseKeeper keeper;
    private final RenderPoller poller;
    private final SubmissionReconciler reconciler;
    private final SubmissionQueue queue;
    private final Duration interval;
    private final Scheduler scheduler;
    private final Clock clock;
    private Disposable scanning;

    RenderTakeover(RenderStore store, RenderUpdates updates, LeaseKeeper keeper, RenderPoller poller,
                   SubmissionReconciler reconciler, SubmissionQueue queue, Duration interval, Scheduler scheduler) {
        this.store = store;
        this.updates = updates;
        this.keeper = keeper;
        this.poller = poller;
        this.reconciler = reconciler;
        this.queue = queue;
        this.interval = interval;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    synchronized void start() {
        if (scanning == null) {
            scanning = Flux.interval(Duration.ZERO, interval, scheduler)
                    .onBackpressureDrop()
                    .concatMap(tick -> scanOnce().onErrorResume(error -> {
                        log.warn("recovery scan failed, next one in {}: {}", interval, error.toString());
                        return Mono.empty();
                    }), 0)
                    .subscribe();
        }
    }

    /** One pass: the queue's own repair, then every unfinished render without a lease. */
    Mono<Void> scanOnce() {
        Predicate<Render> orphanCandidate = render -> (render.status() == RenderStatus.RUNNING
                || render.status() == RenderStatus.SUBMITTING) && !keeper.holds(render.id());
        return queue.repair()
                .thenMany(store.findUnfinished().filter(orphanCandidate))
                .concatMap(render -> keeper.acquire(render.id())
                        .filter(Boolean::booleanValue)
                        .flatMap(acquired -> adopt(render.id())))
                .then();
    }

    private Mono<Void> adopt(String renderId) {
        return store.find(renderId)
                .flatMap(render -> {
                    keeper.note(render);
                    return take(render).thenReturn(true);
                })
                .switchIfEmpty(Mono.fromRunnable(() -> keeper.release(renderId)))
                .then();
    }

    /** Polls a running render here from now on; reconciles one left in submitting; lets go of anything else. */
    private Mono<Void> take(Render render) {
        String renderId = render.id();
        if (render.status() == RenderStatus.SUBMITTING) {
            // Its submitter stopped mid-submission or mid-reconciliation: the POST may have reached JSON2Video,
            // so it is never sent blindly again; the list tells. The lease stays held meanwhile.
            log.warn("render {} was left in submitting by a stopped instance: reconciling it", renderId);
            reconciler.reconcile(render, render.updatedAt());
            return Mono.empty();
        }
        if (render.status() == RenderStatus.RUNNING) {
            log.info("taking over the polling of render {}", renderId);
            if (poller.follow(render, () -> keeper.release(renderId))) {
                return Mono.empty();
            }
        }
        keeper.release(renderId);
        return Mono.empty();
    }

    @Override
    public synchronized void dispose() {
        if (scanning != null) {
            scanning.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return scanning != null && scanning.isDisposed();
    }
}
