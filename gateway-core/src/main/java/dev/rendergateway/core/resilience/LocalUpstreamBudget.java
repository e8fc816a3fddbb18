package dev.rendergateway.core.resilience;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The budget of one gateway instance: a priority dispatcher in front of a Resilience4j
 * {@link RateLimiter}.
 *
 * <p>Waiting requests sit in one queue per {@link Lane}. Slots go to the lanes by weighted round
 * robin (2 : 2 : 1 by default): under load, a new render's POST waits at most a few slots, however
 * many polls are queued; watched renders are polled twice as often as unwatched ones; and no lane
 * starves. A lane with nobody waiting gives its turn to the next.
 *
 * <p>Two clocks guard the rate. The dispatcher never grants two slots closer together than
 * {@link BudgetConfig#spacing()}, which keeps every sliding one-second window at or under the rate.
 * Behind it, the Resilience4j rate limiter (one permit per spacing period) refuses anything the
 * dispatcher would let through too early. Fixed cycles alone could put two requests a moment apart
 * across a cycle boundary. Both clocks read the given {@link Scheduler}, so specs run in virtual time.
 */
public final class LocalUpstreamBudget implements UpstreamBudget, Disposable {

    private final Scheduler scheduler;
    private final AtomicRateLimiter rateLimiter;
    private final long spacingNanos;
    private final Lane[] rotation;
    private final Map<Lane, Queue<Waiter>> queues = new EnumMap<>(Lane.class);
    private final Map<Lane, AtomicInteger> waiting = new EnumMap<>(Lane.class);
    private final AtomicInteger work = new AtomicInteger();

    // Touched only inside drain(), which the work counter serializes.
    private long nextSlotNanos = Long.MIN_VALUE;
    private int cursor;
    private Disposable wakeUp;
    private long wakeUpAtNanos = Long.MAX_VALUE;

    private volatile long pausedUntilNanos = Long.MIN_VALUE;
    private volatile boolean disposed;

    public LocalUpstreamBudget(BudgetConfig config, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.spacingNanos = config.spacing().toNanos();
        this.rateLimiter = new AtomicRateLimiter("json2video", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(config.spacing())
                .timeoutDuration(Duration.ZERO)
                .build(), Map.of(), () -> scheduler.now(TimeUnit.NANOSECONDS));
        this.rotation = rotation(config);
        for (Lane lane : Lane.values()) {
            queues.put(lane, new ConcurrentLinkedQueue<>());
            waiting.put(lane, new AtomicInteger());
        }
    }

    @Override
    public Mono<Void> slot(Lane lane) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink, waiting.get(lane));
            sink.onCancel(waiter::cancel);
            waiting.get(lane).incrementAndGet();
            queues.get(lane).offer(waiter);
            drain();
        });
    }

    @Override
    public void pause(Duration wait) {
        long until = scheduler.now(TimeUnit.NANOSECONDS) + wait.toNanos();
        if (until > pausedUntilNanos) {
            pausedUntilNanos = until;
        }
        drain();
    }

    @Override
    public int waiting(Lane lane) {
        return waiting.get(lane).get();
    }

    /** The Resilience4j rate limiter behind the dispatcher, for its metrics and events. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public void dispose() {
        disposed = true;
        drain();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        do {
            grantWhatIsDue();
        } while (work.decrementAndGet() != 0);
    }

    private void grantWhatIsDue() {
        if (disposed) {
            cancelWakeUp();
            return;
        }
        while (true) {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            if (now >= wakeUpAtNanos) {
                // The wake-up is due (this drain may be it): forget it, so that a new one can be set.
                wakeUp = null;
                wakeUpAtNanos = Long.MAX_VALUE;
            }
            int position = nextLanePosition();
            if (position < 0) {
                return;
            }
            long earliest = Math.max(nextSlotNanos, pausedUntilNanos);
            if (now < earliest) {
                wakeUpAt(earliest, now);
                return;
            }
            if (!rateLimiter.acquirePermission()) {
                long wait = rateLimiter.getDetailedMetrics().getNanosToWait();
                wakeUpAt(now + Math.max(wait, spacingNanos / 16), now);
                return;
            }
            nextSlotNanos = now + spacingNanos;
            cursor = (position + 1) % rotation.length;
            Waiter waiter = queues.get(rotation[position]).poll();
            if (waiter != null) {
                waiter.grant();
            }
        }
    }

    /** The rotation position of the next lane with a live waiter, from the cursor on; -1 if none waits. */
    private int nextLanePosition() {
        for (int i = 0; i < rotation.length; i++) {
            int position = (cursor + i) % rotation.length;
            Queue<Waiter> queue = queues.get(rotation[position]);
            Waiter head = queue.peek();
            while (head != null && !head.isWaiting()) {
                queue.poll();
                head = queue.peek();
            }
            if (head != null) {
                return position;
            }
        }
        return -1;
    }

    private void wakeUpAt(long atNanos, long now) {
        if (wakeUp != null && !wakeUp.isDisposed() && wakeUpAtNanos <= atNanos) {
            return;
        }
        cancelWakeUp();
        wakeUpAtNanos = atNanos;
        wakeUp = scheduler.schedule(this::drain, atNanos - now, TimeUnit.NANOSECONDS);
    }

    private void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.dispose();
            wakeUp = null;
        }
        wakeUpAtNanos = Long.MAX_VALUE;
    }

    private static Lane[] rotation(BudgetConfig config) {
        List<Lane> order = new ArrayList<>();
        int[] left = {config.submitWeight(), config.watchedPollWeight(), config.backgroundPollWeight()};
        Lane[] lanes = {Lane.SUBMIT, Lane.WATCHED_POLL, Lane.BACKGROUND_POLL};
        // Interleave: one turn per lane per round while it has weight left, e.g. S W B S W for 2 : 2 : 1.
        while (left[0] + left[1] + left[2] > 0) {
            for (int i = 0; i < lanes.length; i++) {
                if (left[i] > 0) {
                    order.add(lanes[i]);
                    left[i]--;
                }
            }
        }
        return order.toArray(Lane[]::new);
    }

    /** One request waiting for a slot; granted or cancelled exactly once. */
    private static final class Waiter {
        private static final int WAITING = 0;
        private static final int DONE = 1;

        private final MonoSink<Void> sink;
        private final AtomicInteger laneCount;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(MonoSink<Void> sink, AtomicInteger laneCount) {
            this.sink = sink;
            this.laneCount = laneCount;
        }

        boolean isWaiting() {
            return state.get() == WAITING;
        }

        void grant() {
            if (state.compareAndSet(WAITING, DONE)) {
                laneCount.decrementAndGet();
                sink.success();
            }
        }

        void cancel() {
            if (state.compareAndSet(WAITING, DONE)) {
                laneCount.decrementAndGet();
            }
        }
    }
}
