package dev.rendergateway.core.resilience;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Slots follow a steady cadence of {@link BudgetConfig#spacing()} (a little wider than {@code 1/rate}); a
 * wake-up that comes late is made up at the next slot rather than pushing every later slot back, so the
 * budget is used to the full. What the upstream counts is guarded by when requests really leave: a slot is
 * held until its request has been written ({@link BudgetSlot#sent()}, at most {@code MAX_SEND_WAIT}), and no
 * slot is granted until the request {@code floor(rate)} slots back left more than a second ago (plus the
 * margin, for the jitter between our write and the upstream's receipt). So a request that waited for a new
 * connection cannot make a sliding second at the upstream hold more than the rate. Behind the dispatcher,
 * the Resilience4j rate limiter (that many permits per second) refuses anything that would exceed the rate
 * in a second of its own. Both read one nanosecond clock, which specs replace with virtual time.
 */
public final class LocalUpstreamBudget implements UpstreamBudget, Disposable {

    private static final Logger log = LoggerFactory.getLogger(LocalUpstreamBudget.class);

    /** How long a granted request may take to leave before the next slot goes ahead anyway. */
    private static final Duration MAX_SEND_WAIT = Duration.ofSeconds(1);
    private static final long NOT_SENT = Long.MIN_VALUE;
    private static final Duration LIMITER_PERIOD = Duration.ofSeconds(1);

    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final RateLimiter rateLimiter;
    /** When the rate limiter's first one-second period began: its periods follow from it. */
    private final long limiterStartNanos;
    private final long spacingNanos;
    private final Lane[] rotation;
    private final Map<Lane, Queue<Waiter>> queues = new EnumMap<>(Lane.class);
    private final Map<Lane, AtomicInteger> waiting = new EnumMap<>(Lane.class);
    private final AtomicInteger work = new AtomicInteger();
    private final long maxSendWaitNanos;
    /** One second plus the safety margin: the span no more than {@link #recent}{@code .length} sends may share. */
    private final long windowNanos;
    /** The last {@code floor(rate)} granted slots, oldest at {@link #recentCursor}. */
    private final GrantedSlot[] recent;
    private int recentCursor;


    // Touched only inside drain(), which the work counter serializes.
    private long nextSlotNanos = Long.MIN_VALUE;
    private GrantedSlot lastGranted;
    private int cursor;
    private Disposable wakeUp;
    private long wakeUpAtNanos = Long.MAX_VALUE;

    private volatile long pausedUntilNanos = Long.MIN_VALUE;
    private volatile boolean disposed;

    /** A budget on the real clock ({@link System#nanoTime()}); wake-ups run on {@code scheduler}. */
    public LocalUpstreamBudget(BudgetConfig config, Scheduler scheduler) {
        this(config, scheduler, System::nanoTime);
    }

    /**
     * A budget reading {@code nanoTime}; specs pass their virtual scheduler's time. (A real scheduler's
     * {@code now()} has only millisecond resolution: slots 10 ms apart would then drift up to 10 % early.)
     */
    public LocalUpstreamBudget(BudgetConfig config, Scheduler scheduler, LongSupplier nanoTime) {
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.spacingNanos = config.spacing().toNanos();
        this.maxSendWaitNanos = Math.max(spacingNanos, MAX_SEND_WAIT.toNanos());
        this.windowNanos = Math.round(1_000_000_000d * (1 + config.safetyMargin()));
        this.recent = new GrantedSlot[config.perSecond()];
        this.limiterStartNanos = nanoTime.getAsLong();
        this.rateLimiter = RateLimiter.of("json2video", RateLimiterConfig.custom()
                .limitForPeriod(config.perSecond())
                .limitRefreshPeriod(LIMITER_PERIOD)
                .timeoutDuration(Duration.ZERO)
                .build(), Map.of(), nanoTime::getAsLong);
        this.rotation = rotation(config);
        for (Lane lane : Lane.values()) {
            queues.put(lane, new ConcurrentLinkedQueue<>());
            waiting.put(lane, new AtomicInteger());
        }
    }

    @Override
    public Mono<BudgetSlot> slot(Lane lane) {
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
        long until = nanoTime.getAsLong() + wait.toNanos();
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
            try {
                grantWhatIsDue();
            } catch (RuntimeException | Error unexpected) {
                // The budget must outlive any failure, or every later request would wait forever.
                log.error("upstream budget: granting slots failed; trying again shortly", unexpected);
                retryDrainSoon();
            }
        } while (work.decrementAndGet() != 0);
    }

    private void retryDrainSoon() {
        try {
            cancelWakeUp();
            long now = nanoTime.getAsLong();
            wakeUpAt(now + spacingNanos, now);
        } catch (RuntimeException scheduling) {
            log.error("upstream budget: cannot schedule its next wake-up", scheduling);
        }
    }

    private void grantWhatIsDue() {
        if (disposed) {
            cancelWakeUp();
            return;
        }
        while (true) {
            long now = nanoTime.getAsLong();
            if (now >= wakeUpAtNanos) {
                // The wake-up is due (this drain may be it): forget it, so that a new one can be set.
                wakeUp = null;
                wakeUpAtNanos = Long.MAX_VALUE;
            }
            int position = nextLanePosition();
            if (position < 0) {
                return;
            }
            long earliest = Math.max(Math.max(nextSlotNanos, pausedUntilNanos), windowOpensAt());
            if (now < earliest) {
                wakeUpAt(earliest, now);
                return;
            }
            if (!rateLimiter.acquirePermission()) {
                wakeUpAt(Math.max(nextLimiterPeriod(now), now + spacingNanos / 16), now);
                return;
            }
            // On cadence: a slot granted a little late (its wake-up came late) does not push the next one back;
            // after a quiet spell, a pause or a wait for the window, the cadence starts again from now.
            long scheduled = Math.max(nextSlotNanos, pausedUntilNanos);
            nextSlotNanos = (scheduled >= now - spacingNanos / 2 ? scheduled : now) + spacingNanos;
            cursor = (position + 1) % rotation.length;
            Waiter waiter = queues.get(rotation[position]).poll();
            lastGranted = new GrantedSlot(now);
            recent[recentCursor] = lastGranted;
            recentCursor = (recentCursor + 1) % recent.length;
            if (waiter == null || !grant(waiter, lastGranted)) {
                lastGranted.sent();
            }
        }
    }

    /**
     * When the sliding window allows the next slot: a window after the send of the slot granted
     * {@code floor(rate)} slots ago (or after it gave up waiting for that send).
     */
    private long windowOpensAt() {
        GrantedSlot oldest = recent[recentCursor];
        if (oldest == null) {
            return Long.MIN_VALUE;
        }
        long sentAt = oldest.sentAtNanos();
        return (sentAt == NOT_SENT ? oldest.grantedAtNanos() + maxSendWaitNanos : sentAt) + windowNanos;
    }

    /**
     * When the rate limiter's next period begins, and with it new permits. Resilience4j counts its periods from the
     * moment it was made, on the clock it was given (ours); its public API does not say how long to wait.
     */
    private long nextLimiterPeriod(long now) {
        long period = LIMITER_PERIOD.toNanos();
        return limiterStartNanos + ((now - limiterStartNanos) / period + 1) * period;
    }

    /** Hands a slot over; a failure downstream of the grant is that request's, never the budget's. */
    private boolean grant(Waiter waiter, GrantedSlot slot) {
        try {
            return waiter.grant(slot);
        } catch (RuntimeException | Error unexpected) {
            log.error("upstream budget: a granted request failed at once", unexpected);
            return false;
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

    /** A granted slot and when its request left. */
    private final class GrantedSlot implements BudgetSlot {
        private final long grantedAtNanos;
        private volatile long sentAtNanos = NOT_SENT;

        GrantedSlot(long grantedAtNanos) {
            this.grantedAtNanos = grantedAtNanos;
        }

        long grantedAtNanos() {
            return grantedAtNanos;
        }

        long sentAtNanos() {
            return sentAtNanos;
        }

        @Override
        public void sent() {
            if (sentAtNanos == NOT_SENT) {
                sentAtNanos = nanoTime.getAsLong();
                drain();
            }
        }
    }

    /** One request waiting for a slot; granted or cancelled exactly once. */
    private static final class Waiter {
        private static final int WAITING = 0;
        private static final int DONE = 1;

        private final MonoSink<BudgetSlot> sink;
        private final AtomicInteger laneCount;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(MonoSink<BudgetSlot> sink, AtomicInteger laneCount) {
            this.sink = sink;
            this.laneCount = laneCount;
        }

        boolean isWaiting() {
            return state.get() == WAITING;
        }

        /** Hands the slot over; false if the wait was cancelled meanwhile. */
        boolean grant(BudgetSlot slot) {
            if (state.compareAndSet(WAITING, DONE)) {
                laneCount.decrementAndGet();
                sink.success(slot);
                return true;
            }
            return false;
        }

        void cancel() {
            if (state.compareAndSet(WAITING, DONE)) {
                laneCount.decrementAndGet();
            }
        }
    }
}
