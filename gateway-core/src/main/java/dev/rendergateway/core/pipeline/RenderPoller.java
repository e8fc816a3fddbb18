package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamMovie;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Polls each running render's upstream status with {@code Flux.interval}, one loop per render however
 * many watch it, until it is done, failed, timed out or cancelled.
 */
final class RenderPoller implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RenderPoller.class);

    private final RenderUpdates updates;
    private final GuardedUpstream upstream;
    private final RenderEvents events;
    private final PipelineConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ConcurrentMap<String, Disposable> loops = new ConcurrentHashMap<>();
    private final PollTriggers triggers;
    private final ConcurrentMap<String, Boolean> oneShots = new ConcurrentHashMap<>();
    private final RequestOrigins origins;
    private final BooleanSupplier draining;
    private final AtomicInteger inFlight = new AtomicInteger();

    RenderPoller(RenderUpdates updates, GuardedUpstream upstream, RenderEvents events, PipelineConfig config,
                 Scheduler scheduler, RequestOrigins origins, BooleanSupplier draining) {
        this.origins = origins;
        this.draining = draining;
        this.updates = updates;
        this.upstream = upstream;
        this.events = events;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
        this.triggers = new PollTriggers(config, events, scheduler);
    }

    /**
     * Starts the render's poll loop unless one runs already; {@code onEnd} runs when a loop it started ends.
     * Returns whether it started one.
     */
    boolean follow(Render render, Runnable onEnd) {
        if (render.status() != RenderStatus.RUNNING || render.isTerminal()) {
            return false;
        }
        Disposable.Swap slot = Disposables.swap();
        if (loops.putIfAbsent(render.id(), slot) != null) {
            return false;
        }
        slot.update(loop(render)
                .doFinally(signal -> {
                    loops.remove(render.id(), slot);
                    triggers.forget(render.id());
                    origins.forget(render.id());
                    onEnd.run();
                })
                .subscribe(ended -> {
                    try (TraceMdc mdc = TraceMdc.of(ended.trace())) {
                        log.info("render {} ended {}", ended.id(), ended.status().wireName());
                    }
                }, error -> {
                    try (TraceMdc mdc = TraceMdc.of(render.trace())) {
                        log.error("poll loop of render {} failed", render.id(), error);
                    }
                }));
        return true;
    }

    /** Stops the render's loop without ending the render: another instance polls it now. */
    void abandon(String renderId) {
        Disposable loop = loops.get(renderId);
        if (loop != null) {
            loop.dispose();
        }
    }

    /** How many renders are being polled now. */
    int activeLoops() {
        return loops.size();
    }

    /** How many status checks have been started and not ended. */
    int inFlightPolls() {
        return inFlight.get();
    }

    private Mono<Render> loop(Render render) {
        AtomicInteger rejections = new AtomicInteger();
        Duration remaining = remainingTime(render);
        return triggers.of(render)
                .onBackpressureDrop()
                // No prefetch: a tick that comes while a poll still waits for its slot is dropped, not queued.
                .concatMap(nudged -> pollOnce(render, rejections, nudged), 0)
                .takeUntil(Render::isTerminal)
                .take(remaining, scheduler)
                .last(render)
                .flatMap(last -> last.isTerminal() ? Mono.just(last) : timeOut(render.id()))
                .onErrorResume(RenderVanished.class, vanished -> {
                    try (TraceMdc mdc = TraceMdc.of(render.trace())) {
                        log.warn("render {} is no longer in the store and nobody wrote it back: polling stops",
                                vanished.getMessage());
                    }
                    return Mono.empty();
                });
    }

    /**
     * Polls the render at once, because JSON2Video called its webhook: through its loop when one runs here,
     * coalesced with a poll under way; otherwise one status check if the render is running. Emits whether
     * a check was made or handed over; false for a render that has ended or is unknown.
     */
    Mono<Boolean> pollNow(String renderId) {
        if (triggers.nudge(renderId)) {
            return Mono.just(true);
        }
        return updates.current(renderId)
                .filter(current -> current.status() == RenderStatus.RUNNING && current.project() != null)
                .flatMap(running -> {
                    if (oneShots.putIfAbsent(renderId, Boolean.TRUE) != null) {
                        return Mono.just(true);
                    }
                    return pollOnce(running, new AtomicInteger(), true)
                            .doFinally(signal -> oneShots.remove(renderId))
                            .thenReturn(true)
                            .onErrorResume(RenderVanished.class, vanished -> Mono.just(false));
                })
                .defaultIfEmpty(false);
    }

    private Mono<Render> pollOnce(Render render, AtomicInteger rejections, boolean nudged) {
        String renderId = render.id();
        if (draining.getAsBoolean() || !triggers.polling(renderId, nudged)) {
            return Mono.empty();
        }
        // A webhook call means the render has most likely ended: its one confirming check goes first.
        Lane lane = nudged || events.isWatched(render.tenant(), renderId) ? Lane.WATCHED_POLL : Lane.BACKGROUND_POLL;
        return upstream.status(render.project(), lane)
                .contextWrite(context -> TraceContext.into(origins.of(renderId)
                        .map(requestId -> context.put(RequestIds.CONTEXT_KEY, requestId))
                        .orElse(context), render.trace()))
                .flatMap(movie -> {
                    rejections.set(0);
                    return updates.apply(renderId, current -> observe(current, movie))
                            .switchIfEmpty(Mono.error(() -> new RenderVanished(renderId)));
                })
                .onErrorResume(CallNotPermittedException.class, open -> Mono.empty())
                .onErrorResume(StoreUnavailableException.class, away -> {
                    log.debug("render {} not updated this time: {}", renderId, away.getMessage());
                    return Mono.empty();
                })
                .onErrorResume(UpstreamException.class, failure -> {
                    if (failure.failure().isTransient()) {
                        log.debug("status of render {} not read this time: {}", renderId, failure.getMessage());
                        return Mono.empty();
                    }
                    if (rejections.incrementAndGet() < config.maxStatusRejections()) {
                        return Mono.empty();
                    }
                    RenderError error = new RenderError(RenderError.STATUS_UNAVAILABLE,
                            "JSON2Video refused the status of this render " + rejections.get()
                                    + " times in a row: " + failure.upstreamMessage());
                    return updates.apply(renderId, current -> current.isTerminal()
                            ? current
                            : current.failed(RenderStatus.ERROR, error, clock.instant()));
                })
                .doOnSubscribe(subscription -> inFlight.incrementAndGet())
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private Render observe(Render current, UpstreamMovie movie) {
        if (current.isTerminal()) {
            return current;
        }
        Instant now = clock.instant();
        if (movie.isDone()) {
            return current.done(movie.url(), movie.thumbnail(), movie.duration(), now)
                    .withCredits(movie.consumedCredits());
        }
        if (movie.isFailed()) {
            return current.failed(RenderStatus.ERROR, new RenderError(RenderError.RENDER_FAILED,
                    movie.message() == null ? "JSON2Video reported the render failed" : movie.message()), now)
                    .withCredits(movie.consumedCredits());
        }
        if (movie.isTimedOut()) {
            return current.failed(RenderStatus.TIMEOUT, new RenderError(RenderError.TIMED_OUT,
                    "JSON2Video reported the render timed out"), now).withCredits(movie.consumedCredits());
        }
        return movie.progress() == null ? current : current.progressed(movie.progress(), now);
    }

    private Mono<Render> timeOut(String renderId) {
        RenderError error = new RenderError(RenderError.TIMED_OUT,
                "The render did not finish within " + config.renderTimeout() + ".");
        return updates.apply(renderId, current -> current.isTerminal()
                ? current
                : current.failed(RenderStatus.TIMEOUT, error, clock.instant()));
    }

    private Duration remainingTime(Render render) {
        Duration remaining = Duration.between(clock.instant(), render.createdAt().plus(config.renderTimeout()));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** The render being polled is gone from the store (which lost its data) and was not written back. */
    private static final class RenderVanished extends RuntimeException {
        RenderVanished(String renderId) {
            super(renderId, null, false, false);
        }
    }

    @Override
    public void dispose() {
        loops.values().forEach(Disposable::dispose);
        loops.clear();
    }
}
