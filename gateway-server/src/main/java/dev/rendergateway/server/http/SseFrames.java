package dev.rendergateway.server.http;

import dev.rendergateway.core.events.RenderEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Turns a feed into WHATWG event-stream text: {@code retry:} once, then {@code id:}/{@code event: render}/
 * {@code data:} per change and a comment every heartbeat period while the client keeps up. Heartbeats keep
 * proxies from closing idle streams and reveal vanished clients at the next write; a client that takes
 * nothing for {@link #STALL_LIMIT} periods in a row is given up with {@link StalledStreamException}.
 */
public final class SseFrames {

    /** How long EventSource waits before it reconnects. */
    public static final Duration RECONNECT_DELAY = Duration.ofSeconds(3);
    /** Heartbeat periods without any demand from the client after which its stream ends. */
    public static final int STALL_LIMIT = 4;
    static final String HEARTBEAT = ": heartbeat\n\n";

    private final RenderJson renderJson;
    private final Scheduler scheduler;
    /** One timer for every stream: thousands of streams cost no more timers than one. */
    private final Flux<Long> ticks;
    private final AtomicReferenceArray<Frame> recent = new AtomicReferenceArray<>(256);
    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();

    public SseFrames(RenderJson renderJson, Duration heartbeat, Scheduler scheduler) {
        this.renderJson = renderJson;
        this.scheduler = scheduler;
        this.ticks = Flux.interval(heartbeat, heartbeat, scheduler).onBackpressureDrop().publish().refCount();
    }

    /** The stream's text, ending with the feed, or after {@code lifetime} when not null (a token's expiry). */
    public Flux<String> of(Flux<RenderEvent> feed, Duration lifetime) {
        Sinks.One<Boolean> ended = Sinks.one();
        Flux<String> events = (lifetime == null ? feed : feed.take(lifetime, scheduler))
                .map(event -> {
                    delivered.increment();
                    return frame(event);
                })
                .doFinally(signal -> ended.tryEmitValue(Boolean.TRUE));
        Flux<String> heartbeats = ticks.onBackpressureDrop().map(tick -> HEARTBEAT);
        Demand demand = new Demand();
        Flux<String> watchdog = ticks
                .filter(tick -> demand.stalledAt())
                .next()
                .flatMap(tick -> Mono.<String>error(new StalledStreamException(STALL_LIMIT)))
                .flux();
        // Prefetch 1: nothing piles up here when the client stops reading; the feed conflates instead.
        Flux<String> live = Flux.merge(1, events, heartbeats.takeUntilOther(ended.asMono()),
                watchdog.takeUntilOther(ended.asMono()));
        return Flux.concat(Mono.just("retry: " + RECONNECT_DELAY.toMillis() + "\n\n"), live)
                .doOnNext(text -> demand.taken())
                .doOnRequest(demand::asked);
    }

    /** How many events were handed to streams, since the start (each stream counts its own). */
    public long delivered() {
        return delivered.sum();
    }

    /** One event in the event-stream format, written once however many streams carry it. */
    public String frame(RenderEvent event) {
        int slot = (int) Math.floorMod(event.sequence(), (long) recent.length());
        Frame cached = recent.get(slot);
        if (cached != null && cached.sequence() == event.sequence()) {
            return cached.text();
        }
        String text = "id: " + event.sequence() + "\nevent: render\ndata: " + renderJson.toText(event.render())
                + "\n\n";
        recent.set(slot, new Frame(event.sequence(), text));
        return text;
    }

    /** What the client asked for and has not received yet, and for how many ticks in a row that was nothing. */
    private static final class Demand {
        private final AtomicLong outstanding = new AtomicLong();
        private final AtomicInteger idleTicks = new AtomicInteger();

        void asked(long n) {
            outstanding.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        }

        void taken() {
            outstanding.decrementAndGet();
        }

        /** Counts one tick; whether the client has asked for nothing for {@link #STALL_LIMIT} ticks in a row. */
        boolean stalledAt() {
            if (outstanding.get() > 0) {
                idleTicks.set(0);
                return false;
            }
            return idleTicks.incrementAndGet() >= STALL_LIMIT;
        }
    }

    /** An event's text, kept for the other streams that carry the same event. */
    private record Frame(long sequence, String text) {
    }
}
