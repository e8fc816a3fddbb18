package dev.rendergateway.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.pipeline.SubmissionQueue.QueuedRender;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.core.upstream.MovieTag;
import dev.rendergateway.core.upstream.UpstreamException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Sends one queued render upstream, exactly once. It waits while the circuit breaker is open (the render
 * stays {@code queued}), claims the render by compare-and-set only when a budget slot is granted, re-sends
 * only when the upstream certainly created nothing, and turns every other failure into a terminal error.
 */
final class RenderSubmitter {

    private static final Logger log = LoggerFactory.getLogger(RenderSubmitter.class);
    private static final Duration BREAKER_CHECK = Duration.ofSeconds(1);

    private final RenderUpdates updates;
    private final GuardedUpstream upstream;
    private final SubmissionQueue queue;
    private final LeaseKeeper leases;
    private final PipelineConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final RequestOrigins origins;
    private final BooleanSupplier draining;
    /** Renders claimed (now {@code submitting}) whose submission has not finished. */
    private final Set<String> claimedNow = ConcurrentHashMap.newKeySet();

    RenderSubmitter(RenderUpdates updates, GuardedUpstream upstream, SubmissionQueue queue, LeaseKeeper leases,
                    PipelineConfig config, Scheduler scheduler, RequestOrigins origins, BooleanSupplier draining) {
        this.leases = leases;
        this.origins = origins;
        this.draining = draining;
        this.updates = updates;
        this.queue = queue;
        this.upstream = upstream;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    /**
     * Waits for work and an open breaker, then submits the render the queue hands out when a submission
     * slot is granted. Emits that render as it stands afterwards: {@code running}, ended, or
     * {@code queued} again when the breaker opened before anything was sent. Empty if nothing was claimed.
     */
    Mono<Render> submitNext() {
        // Fresh state per subscription: workers re-subscribe this Mono for every render they submit.
        return Mono.defer(this::submitNextOnce);
    }

    private Mono<Render> submitNextOnce() {
        AtomicReference<QueuedRender> claimed = new AtomicReference<>();
        // The trace context stored with the claimed render: its upstream calls and log lines continue it.
        AtomicReference<TraceContext> trace = new AtomicReference<>();
        // Claimed once, at the first granted slot; a re-send replays the claimed movie.
        Mono<JsonNode> claimOnce = Mono.defer(() -> claimNext(claimed, trace)).cache();
        // The submission carries the id of the request that created the render, known once it is claimed.
        Supplier<String> requestId = () -> claimed.get() == null ? null
                : origins.of(claimed.get().renderId()).orElse(null);
        return queue.awaitWork()
                .then(upstream.whenPermitted(BREAKER_CHECK))
                // While JSON2Video says the account has no movies left, renders wait queued, not sent to fail.
                .then(upstream.whenMoviesLeft())
                .then(Mono.defer(() -> upstream.submit(claimOnce)
                        .retryWhen(resendWhileNothingWasCreated())
                        .flatMap(project -> updates.apply(claimed.get().renderId(),
                                        render -> render.status() == RenderStatus.SUBMITTING
                                                ? render.running(project, clock.instant())
                                                : render)
                                // Sent and accepted: wait out a store outage rather than lose the project.
                                .retryWhen(untilTheStoreAnswers()))
                        .doOnNext(running -> {
                            try (TraceMdc mdc = TraceMdc.of(running.trace())) {
                                log.atInfo().addKeyValue(RequestIds.LOG_FIELD, requestId.get()).log(
                                        "render {} submitted as upstream project {}", running.id(), running.project());
                            }
                        })
                        .onErrorResume(CallNotPermittedException.class,
                                open -> requeue(claimed.get().renderId(), trace.get()))
                        .onErrorResume(UpstreamException.class,
                                failure -> fail(claimed.get().renderId(), trace.get(), failure))
                        .onErrorResume(unexpected -> claimed.get() != null,
                                unexpected -> failUnexpectedly(claimed.get().renderId(), trace.get(), unexpected))
                        .doOnError(error -> {
                            // Not even the failure could be written: leave the render to the recovery scan.
                            if (claimed.get() != null) {
                                leases.release(claimed.get().renderId());
                            }
                        })
                        .contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, requestId)
                                .put(TraceContext.CONTEXT_KEY, (Supplier<TraceContext>) trace::get))
                        .doFinally(signal -> {
                            if (claimed.get() != null) {
                                claimedNow.remove(claimed.get().renderId());
                            }
                        })));
    }

    /** How many claimed renders are being submitted now. */
    int inFlight() {
        return claimedNow.size();
    }

    /**
     * After a drain cut submissions off: ends each of these renders still {@code submitting} as
     * {@code upstream_outcome_unknown} (its POST may have left), so that no render stays claimed by nobody.
     */
    Mono<Void> abandon(Set<String> renderIds) {
        return Flux.fromIterable(renderIds)
                .concatMap(renderId -> {
                    log.warn("render {} was being submitted when the gateway shut down: ended as {}", renderId,
                            RenderError.OUTCOME_UNKNOWN);
                    RenderError error = new RenderError(RenderError.OUTCOME_UNKNOWN, "The gateway shut down while "
                            + "submitting this render; it may or may not have reached JSON2Video and was not "
                            + "re-sent, to avoid a second charge.");
                    return updates.apply(renderId, render -> render.status() == RenderStatus.SUBMITTING
                            ? render.failed(RenderStatus.ERROR, error, clock.instant())
                            : render);
                })
                .then();
    }

    /** The renders claimed and not yet submitted, now. */
    Set<String> claimedNow() {
        return Set.copyOf(claimedNow);
    }

    /**
     * Takes renders from the queue, fairly, until one can be claimed; the renders it skips (cancelled, or
     * timed out while queued) leave the queue's care at once.
     */
    private Mono<JsonNode> claimNext(AtomicReference<QueuedRender> claimed, AtomicReference<TraceContext> trace) {
        if (draining.getAsBoolean()) {
            return Mono.empty();
        }
        return queue.next()
                .flatMap(next -> claim(next.renderId(), trace)
                        .doOnNext(movie -> {
                            claimed.set(next);
                            claimedNow.add(next.renderId());
                        })
                        .switchIfEmpty(Mono.defer(() -> {
                            queue.finished(next.tenant());
                            origins.forget(next.renderId());
                            return claimNext(claimed, trace);
                        })));
    }

    /**
     * Takes the render's lease, then queued → submitting (or → timeout past its deadline); the movie to send,
     * empty if not claimed. The lease comes first, so a render in {@code submitting} always has a live lease
     * while its submitter lives; the recovery scan ends only those without one. A store that does not answer
     * is waited for: the render was taken out of the queue, and only its claimer can settle it soon.
     */
    private Mono<JsonNode> claim(String renderId, AtomicReference<TraceContext> trace) {
        // Taking the lease again is harmless: it is this instance's already, or nobody's.
        return Mono.defer(() -> leases.acquire(renderId))
                .retryWhen(untilTheStoreAnswers())
                .filter(Boolean::booleanValue)
                .flatMap(held -> claimLeased(renderId, trace)
                        .switchIfEmpty(Mono.fromRunnable(() -> leases.release(renderId))))
                // Gave up waiting: the queue's repair and the recovery scan take it from here.
                .doOnError(gaveUp -> leases.release(renderId));
    }

    /**
     * Writes the claim. When the store does not answer, the write may or may not have landed: once the store
     * answers again the render is read back, and the claim is this instance's only if it is the very write
     * it attempted (so a {@code submitting} left by another instance is never sent again).
     */
    private Mono<JsonNode> claimLeased(String renderId, AtomicReference<TraceContext> trace) {
        AtomicReference<Render> attempt = new AtomicReference<>();
        return updates.apply(renderId, render -> claimChange(render, attempt))
                .onErrorResume(StoreUnavailableException.class, unanswered -> {
                    log.warn("claim of render {} unanswered by the store ({}); reading it back once it answers",
                            renderId, unanswered.getMessage());
                    return updates.current(renderId).retryWhen(untilTheStoreAnswers());
                })
                .flatMap(stored -> {
                    if (isTheClaim(stored, attempt.get())) {
                        trace.set(stored.trace());
                        JsonNode movie = config.upstreamWebhooks().map(hooks -> hooks.movieFor(stored))
                                .orElse(stored.movie());
                        // Tagged with the render id, so a submission whose answer is lost can be found upstream.
                        return Mono.just(MovieTag.tagged(movie, stored.id()));
                    }
                    // Still queued only when the unanswered write did not land: claim it again.
                    return stored.status() == RenderStatus.QUEUED ? claimLeased(renderId, trace) : Mono.empty();
                });
    }

    private Render claimChange(Render render, AtomicReference<Render> attempt) {
        attempt.set(null);
        if (render.status() != RenderStatus.QUEUED) {
            return render;
        }
        Instant now = clock.instant();
        if (now.isAfter(render.createdAt().plus(config.renderTimeout()))) {
            return render.failed(RenderStatus.TIMEOUT, new RenderError(RenderError.TIMED_OUT,
                    "The render was still queued after " + config.renderTimeout() + "."), now);
        }
        Render claimed = render.submitting(now);
        attempt.set(claimed);
        return claimed;
    }

    /** Whether {@code stored} is what writing {@code attempted} produced: the store adds one to the revision. */
    private static boolean isTheClaim(Render stored, Render attempted) {
        return attempted != null
                && stored.status() == RenderStatus.SUBMITTING
                && stored.revision() == attempted.revision() + 1
                && stored.updatedAt().equals(attempted.updatedAt());
    }

    /** Retries a store operation while the store is unavailable, for about a minute. */
    private Retry untilTheStoreAnswers() {
        return Retry.backoff(30, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(2))
                .filter(StoreUnavailableException.class::isInstance)
                .scheduler(scheduler);
    }

    private Retry resendWhileNothingWasCreated() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (!(failure instanceof UpstreamException upstream)
                    || upstream.failure().mayHaveActed()
                    || !upstream.failure().isTransient()) {
                return Mono.error(failure);
            }
            // The budget already waits out a Retry-After; add backoff only for other "nothing sent" failures.
            Duration wait = upstream.retryAfter().isPresent() ? Duration.ZERO : backoff(signal.totalRetries());
            return Mono.delay(wait, scheduler);
        }));
    }

    private Duration backoff(long attempt) {
        long factor = 1L << Math.min(attempt, 16);
        Duration wait = config.submitRetryBackoff().multipliedBy(factor);
        return wait.compareTo(config.submitRetryMaxBackoff()) > 0 ? config.submitRetryMaxBackoff() : wait;
    }

    private Mono<Render> requeue(String renderId, TraceContext trace) {
        try (TraceMdc mdc = TraceMdc.of(trace)) {
            log.info("render {} back in the queue: the circuit breaker opened before it was sent", renderId);
        }
        return updates.apply(renderId, render -> render.status() == RenderStatus.SUBMITTING
                ? render.requeued(clock.instant())
                : render);
    }

    /** A bug or an unforeseen failure: a claimed render may have been sent, so it is not sent again. */
    private Mono<Render> failUnexpectedly(String renderId, TraceContext trace, Throwable unexpected) {
        try (TraceMdc mdc = TraceMdc.of(trace)) {
            log.error("submission of render {} failed unexpectedly", renderId, unexpected);
        }
        RenderError error = new RenderError(RenderError.OUTCOME_UNKNOWN, "The submission failed unexpectedly ("
                + unexpected.getClass().getSimpleName() + ") and may or may not have reached JSON2Video; "
                + "it was not re-sent, to avoid a second charge.");
        return updates.apply(renderId, render -> render.status() == RenderStatus.SUBMITTING
                ? render.failed(RenderStatus.ERROR, error, clock.instant())
                : render);
    }

    /**
     * After a failed submission: a refusal (a 4xx judging the request, or {@code "success": false}; nothing was
     * created and the same request would be refused again) ends the render, logged once at WARN with the
     * upstream's status; an ambiguous failure (it may have been created) leaves it {@code submitting}, never
     * re-sent, for the {@link SubmissionReconciler}.
     */
    private Mono<Render> fail(String renderId, TraceContext trace, UpstreamException failure) {
        try (TraceMdc mdc = TraceMdc.of(trace)) {
            return failLogged(renderId, failure);
        }
    }

    private Mono<Render> failLogged(String renderId, UpstreamException failure) {
        String status = failure.httpStatus() > 0 ? " (HTTP " + failure.httpStatus() + ")" : "";
        if (failure.failure().mayHaveActed()) {
            // Not re-sent, not failed: it stays submitting, and the reconciler asks JSON2Video's list.
            log.warn("render {}: the answer to its submission was lost ({}); not re-sent, reconciling", renderId,
                    failure.getMessage());
            return updates.current(renderId).retryWhen(untilTheStoreAnswers());
        }
        if (upstream.quota().noMoviesLeft()) {
            log.warn("render {} refused{} with no movies left on the account ({}): back in the queue until there "
                    + "are", renderId, status, failure.upstreamMessage());
            return updates.apply(renderId, render -> render.status() == RenderStatus.SUBMITTING
                    ? render.requeued(clock.instant()) : render);
        }
        RenderError error = new RenderError(RenderError.REJECTED, "JSON2Video refused the render" + status + ": "
                + failure.upstreamMessage());
        log.warn("render {} failed at submission{}: {}: {}", renderId, status, error.code(), error.message());
        return updates.apply(renderId, render -> render.isTerminal()
                ? render
                : render.failed(RenderStatus.ERROR, error, clock.instant()));
    }
}
