package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.upstream.Json2VideoClient;
import dev.rendergateway.core.upstream.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Sends one queued render upstream, exactly once: claims it by compare-and-set, re-sends only when the
 * upstream certainly created nothing, and turns every other failure into a terminal error.
 */
final class RenderSubmitter {

    private static final Logger log = LoggerFactory.getLogger(RenderSubmitter.class);

    private final RenderUpdates updates;
    private final Json2VideoClient client;
    private final PipelineConfig config;
    private final Scheduler scheduler;
    private final Clock clock;

    RenderSubmitter(RenderUpdates updates, Json2VideoClient client, PipelineConfig config, Scheduler scheduler) {
        this.updates = updates;
        this.client = client;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    /** Submits the render if it is still queued; emits it as it stands afterwards, empty if not claimed. */
    Mono<Render> submit(String renderId) {
        return claim(renderId).flatMap(claimed -> client.submit(claimed.movie())
                .retryWhen(resendWhileNothingWasCreated())
                .flatMap(project -> updates.apply(renderId, render -> render.running(project, clock.instant())))
                .doOnNext(running -> log.info("render {} submitted as upstream project {}", renderId,
                        running.project()))
                .onErrorResume(UpstreamException.class, failure -> fail(renderId, failure)));
    }

    private Mono<Render> claim(String renderId) {
        return updates.apply(renderId, render -> render.status() == RenderStatus.QUEUED
                        ? render.submitting(clock.instant())
                        : render)
                .filter(render -> render.status() == RenderStatus.SUBMITTING);
    }

    private Retry resendWhileNothingWasCreated() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (!(failure instanceof UpstreamException upstream)
                    || upstream.failure().mayHaveActed()
                    || !upstream.failure().isTransient()) {
                return Mono.error(failure);
            }
            Duration wait = upstream.retryAfter().orElseGet(() -> backoff(signal.totalRetries()));
            return Mono.delay(wait, scheduler);
        }));
    }

    private Duration backoff(long attempt) {
        long factor = 1L << Math.min(attempt, 16);
        Duration wait = config.submitRetryBackoff().multipliedBy(factor);
        return wait.compareTo(config.submitRetryMaxBackoff()) > 0 ? config.submitRetryMaxBackoff() : wait;
    }

    private Mono<Render> fail(String renderId, UpstreamException failure) {
        RenderError error = failure.failure().mayHaveActed()
                ? new RenderError(RenderError.OUTCOME_UNKNOWN,
                        "The submission may or may not have reached JSON2Video (" + failure.getMessage()
                                + "); it was not re-sent, to avoid a second charge.")
                : new RenderError(RenderError.REJECTED, "JSON2Video refused the render: "
                        + failure.upstreamMessage());
        log.warn("render {} failed at submission: {}", renderId, error.code());
        return updates.apply(renderId, render -> render.isTerminal()
                ? render
                : render.failed(RenderStatus.ERROR, error, clock.instant()));
    }
}
