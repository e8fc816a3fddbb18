package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.time.SchedulerClock;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * When a running render's poll loop asks upstream: at its ticks, thinned to the webhook safety interval when
 * JSON2Video calls the gateway's webhook (unless someone watches the render and wants its progress), and at
 * once when that webhook is called. Calls coming while a poll is under way are coalesced into it, and a
 * render gets at most {@link #MAX_NUDGED_POLLS} polls from webhook calls, so repeated calls cost nothing more.
 */
final class PollTriggers {

    /** Webhook-triggered polls per render; JSON2Video calls once, anything beyond is noise or abuse. */
    static final int MAX_NUDGED_POLLS = 5;

    private final ConcurrentMap<String, Trigger> byRender = new ConcurrentHashMap<>();
    private final PipelineConfig config;
    private final RenderEvents events;
    private final Scheduler scheduler;
    private final Clock clock;

    PollTriggers(PipelineConfig config, RenderEvents events, Scheduler scheduler) {
        this.config = config;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    /** The triggers of the render's loop: {@code false} for a tick, {@code true} for a webhook call. */
    Flux<Boolean> of(Render render) {
        Trigger trigger = byRender.computeIfAbsent(render.id(), id -> new Trigger(clock.millis()));
        Flux<Boolean> ticks = Flux.interval(config.pollInterval(), config.pollInterval(), scheduler)
                .filter(tick -> due(render, trigger))
                .map(tick -> false);
        return Flux.merge(ticks, trigger.nudges.asFlux());
    }

    /** Asks the render's loop to poll now; false when no loop of this render runs here. */
    boolean nudge(String renderId) {
        Trigger trigger = byRender.get(renderId);
        if (trigger == null) {
            return false;
        }
        // A failed emission means another call is being handed over right now: coalesced with it.
        trigger.nudges.tryEmitNext(true);
        return true;
    }

    /** Notes that a poll starts now; false when a webhook-triggered poll is over the per-render cap. */
    boolean polling(String renderId, boolean nudged) {
        Trigger trigger = byRender.get(renderId);
        if (trigger == null) {
            return true;
        }
        if (nudged && trigger.nudgedPolls.incrementAndGet() > MAX_NUDGED_POLLS) {
            return false;
        }
        trigger.lastPoll.set(clock.millis());
        return true;
    }

    void forget(String renderId) {
        byRender.remove(renderId);
    }

    private boolean due(Render render, Trigger trigger) {
        Duration safety = config.webhookSafetyInterval();
        if (safety.compareTo(config.pollInterval()) <= 0 || events.isWatched(render.tenant(), render.id())) {
            return true;
        }
        long elapsed = clock.millis() - trigger.lastPoll.get();
        // Half a tick of slack: real schedulers drift, and a due poll must not slip a whole tick.
        return elapsed + config.pollInterval().toMillis() / 2 >= safety.toMillis();
    }

    /** One loop's state: its webhook nudges, when it last polled, how many webhook polls it made. */
    private static final class Trigger {
        final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
        final AtomicLong lastPoll;
        final AtomicInteger nudgedPolls = new AtomicInteger();

        Trigger(long now) {
            this.lastPoll = new AtomicLong(now);
        }
    }
}
