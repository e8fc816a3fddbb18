package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderIds;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.resilience.GuardedUpstream;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The render path: accepts a render as {@code queued}, submits it upstream, polls it to its end and
 * publishes every change on the way.
 */
public final class RenderPipeline implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RenderPipeline.class);
    private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMITS =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));

    private final RenderUpdates updates;
    private final RenderStore store;
    private final RenderSubmitter submitter;
    private final RenderPoller poller;
    private final PipelineConfig config;
    private final Clock clock;
    private final RenderIds ids = new RenderIds();
    private final Sinks.Many<String> queue = Sinks.many().unicast().onBackpressureBuffer();
    private Disposable draining;

    public RenderPipeline(RenderStore store, RenderEvents events, GuardedUpstream upstream, PipelineConfig config,
                          Scheduler scheduler) {
        this.store = store;
        this.updates = new RenderUpdates(store, events);
        this.submitter = new RenderSubmitter(updates, upstream, config, scheduler);
        this.poller = new RenderPoller(updates, upstream, events, config, scheduler);
        this.config = config;
        this.clock = new SchedulerClock(scheduler);
    }

    /** Starts submitting queued renders and resumes the ones the store already holds. */
    public synchronized RenderPipeline start() {
        if (draining == null) {
            draining = queue.asFlux()
                    .flatMap(id -> submitter.submit(id)
                            .doOnNext(this::afterSubmission)
                            .onErrorResume(error -> {
                                log.error("submission of render {} failed unexpectedly", id, error);
                                return Mono.empty();
                            }), config.maxConcurrentSubmissions())
                    .subscribe();
        }
        return this;
    }

    private void afterSubmission(Render render) {
        if (render.status() == RenderStatus.RUNNING) {
            poller.follow(render);
        } else if (render.status() == RenderStatus.QUEUED) {
            queue.emitNext(render.id(), RETRY_CONCURRENT_EMITS);
        }
    }

    /** Stores a new render as {@code queued}, publishes it and queues it for submission. */
    public Mono<Render> accept(String tenant, RenderRequest request) {
        return Mono.defer(() -> updates.insert(Render.queued(ids.next(), tenant, request, clock.instant())))
                .doOnNext(render -> queue.emitNext(render.id(), RETRY_CONCURRENT_EMITS));
    }

    /**
     * Cancels a render that is still queued. Emits the cancelled render; a render already sent upstream
     * (or ended) is emitted unchanged, so the caller can tell by its status. Empty if unknown to the tenant.
     */
    public Mono<Render> cancel(String tenant, String renderId) {
        return store.findOwned(tenant, renderId)
                .flatMap(owned -> updates.apply(renderId, render -> render.status() == RenderStatus.QUEUED
                        ? render.cancelled(clock.instant())
                        : render));
    }

    /** How many renders are being polled now; one per running render, whatever the number of watchers. */
    public int activePollers() {
        return poller.activeLoops();
    }

    @Override
    public synchronized void dispose() {
        if (draining != null) {
            draining.dispose();
        }
        poller.dispose();
    }
}
