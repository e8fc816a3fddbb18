package dev.rendergateway.server.http.events;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderEvents;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Every open event stream of this gateway, kept in one ring per event loop: a change, a heartbeat tick or the
 * shutdown's goodbye reaches a loop's streams in one task on that loop, never in a hand-over per stream. One
 * timer ticks for all of them.
 */
public final class EventStreams {

    private final SseFrames frames;
    private final Scheduler scheduler;
    private final Duration heartbeat;
    private final ConcurrentMap<EventLoop, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final LongAdder delivered = new LongAdder();
    private volatile Disposable ticks;

    /** Streams writing {@code frames}, with a heartbeat every {@code heartbeat} timed by {@code scheduler}. */
    public EventStreams(SseFrames frames, Duration heartbeat, Scheduler scheduler) {
        this.frames = frames;
        this.heartbeat = heartbeat;
        this.scheduler = scheduler;
    }

    /**
     * Streams {@code feed} to {@code channel}, whose response head and {@code retry:} are already on their way;
     * completes when the stream ends: after the feed, after {@code lifetime} when not null, at shutdown; fails
     * with {@link StalledStreamException} when its client stops reading.
     */
    public Mono<Void> open(Channel channel, Flux<RenderEvent> feed, Duration lifetime) {
        return Mono.create(done -> {
            Context context = Context.of(RenderEvents.DELIVERY_EXECUTOR, channel.eventLoop());
            EventStreamWriter writer = new EventStreamWriter(this, channel, done, context);
            done.onDispose(writer::release);
            if (lifetime != null) {
                writer.expireWith(scheduler.schedule(writer::release, lifetime.toMillis(), TimeUnit.MILLISECONDS));
            }
            startTicking();
            execute(channel.eventLoop(), () -> {
                ringOf(channel.eventLoop()).add(writer);
                if (closing.get()) {
                    writer.goodbye();
                }
            });
            feed.subscribe(writer);
        });
    }

    /** Ends every open stream with a last comment, so that its client reconnects; later streams end at once. */
    public void endAll() {
        closing.set(true);
        Disposable timer = ticks;
        if (timer != null) {
            timer.dispose();
        }
        rings.forEach((loop, ring) -> execute(loop, ring::goodbyeAll));
    }

    /** How many events were handed to streams, since the start (each stream counts its own). */
    public long delivered() {
        return delivered.sum();
    }

    SseFrames frames() {
        return frames;
    }

    void countDelivered() {
        delivered.increment();
    }

    /** Takes {@code writer} out of its ring; on its event loop. */
    void remove(EventStreamWriter writer) {
        Ring ring = rings.get(writer.loop());
        if (ring != null) {
            ring.remove(writer);
        }
    }

    private Ring ringOf(EventLoop loop) {
        return rings.computeIfAbsent(loop, l -> new Ring());
    }

    private void startTicking() {
        if (ticking.compareAndSet(false, true)) {
            long period = heartbeat.toMillis();
            ticks = scheduler.schedulePeriodically(this::tick, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        rings.forEach((loop, ring) -> execute(loop, ring::tick));
    }

    private static void execute(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            // The server stopped: its streams are gone with their connections.
        }
    }

    /** The streams of one event loop, linked through the writers themselves; used on that loop only. */
    private static final class Ring {
        private EventStreamWriter head;

        void add(EventStreamWriter writer) {
            writer.next = head;
            if (head != null) {
                head.previous = writer;
            }
            head = writer;
        }

        void remove(EventStreamWriter writer) {
            if (writer.previous != null) {
                writer.previous.next = writer.next;
            } else if (head == writer) {
                head = writer.next;
            } else {
                return;
            }
            if (writer.next != null) {
                writer.next.previous = writer.previous;
            }
            writer.previous = null;
            writer.next = null;
        }

        void tick() {
            for (EventStreamWriter writer = head, next; writer != null; writer = next) {
                next = writer.next;
                writer.tick();
            }
        }

        void goodbyeAll() {
            for (EventStreamWriter writer = head, next; writer != null; writer = next) {
                next = writer.next;
                writer.goodbye();
            }
        }
    }
}
