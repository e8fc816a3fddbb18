package dev.rendergateway.core.events;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One subscriber's queue of events, delivered only as fast as it requests them. Offers never block or wait
 * for the subscriber: while it lags, a newer change of a render replaces that render's pending change (latest
 * wins), so a render's last (terminal) event is never dropped; past the capacity the feed ends with
 * {@link SubscriberOverflowException}.
 */
public final class Mailbox implements org.reactivestreams.Subscription {

    private static final AtomicIntegerFieldUpdater<Mailbox> WIP =
            AtomicIntegerFieldUpdater.newUpdater(Mailbox.class, "wip");
    private static final AtomicLongFieldUpdater<Mailbox> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(Mailbox.class, "requested");

    private final CoreSubscriber<? super RenderEvent> actual;
    private final EventsConfig config;
    private final Consumer<Mailbox> onCancel;
    private final LongAdder conflated;
    /** Where its subscriber wants deliveries ({@link RenderEvents#DELIVERY_EXECUTOR}); null: any thread. */
    private final Executor home;
    /** Events waiting for delivery; guarded by {@code this}. */
    private final PendingEvents pending = new PendingEvents();
    private boolean overflowed;

    private volatile int wip;
    private volatile long requested;
    private volatile boolean ready;
    private volatile boolean cancelled;
    /** Live events are queued but not delivered until the catch-up arrives ({@link #resume}). */
    private volatile boolean held;
    /** Live events at or below this sequence are already in the delivered catch-up (or superseded by it). */
    private long floor = Long.MIN_VALUE;
    private volatile Throwable failure;
    private boolean terminated;

    public Mailbox(CoreSubscriber<? super RenderEvent> actual, EventsConfig config, Consumer<Mailbox> onCancel,
            LongAdder conflated) {
        this.actual = actual;
        this.config = config;
        this.onCancel = onCancel;
        this.conflated = conflated;
        Object wanted = actual.currentContext().getOrDefault(RenderEvents.DELIVERY_EXECUTOR, null);
        this.home = wanted instanceof Executor executor ? executor : null;
    }

    /**
     * Drains each of {@code mailboxes} on its subscriber's executor, one task per executor for all of its
     * mailboxes, and the others right here.
     */
    public static void drainAll(List<Mailbox> mailboxes) {
        Map<Executor, List<Mailbox>> byHome = null;
        for (Mailbox mailbox : mailboxes) {
            if (mailbox.home == null) {
                mailbox.drain();
            } else {
                if (byHome == null) {
                    byHome = new IdentityHashMap<>();
                }
                byHome.computeIfAbsent(mailbox.home, home -> new ArrayList<>()).add(mailbox);
            }
        }
        if (byHome != null) {
            byHome.forEach((home, group) -> drainOn(home, () -> group.forEach(Mailbox::drain), group));
        }
    }

    /** Drains on its subscriber's executor when it has one, right here otherwise. */
    void drainAtHome() {
        if (home == null) {
            drain();
        } else {
            drainOn(home, this::drain, List.of(this));
        }
    }

    private static void drainOn(Executor home, Runnable task, List<Mailbox> group) {
        try {
            home.execute(task);
        } catch (RejectedExecutionException shutDown) {
            // The executor is gone (the server is stopping): deliver here rather than lose the events.
            group.forEach(Mailbox::drain);
        }
    }

    /** Hands the mailbox to its subscriber; nothing is delivered before. */
    void start() {
        ready = true;
        actual.onSubscribe(this);
        drain();
    }

    /**
     * Queues a feed's catch-up, whole and unconflated (it is bounded by the history), before any live event;
     * delivered once the subscriber requests.
     */
    synchronized void preload(List<RenderEvent> events) {
        events.forEach(pending::add);
    }

    /** Holds delivery back until {@link #resume}: live events queue up while the catch-up is being read. */
    public void hold() {
        held = true;
    }

    /**
     * Delivers the catch-up first, then the live events queued meanwhile that are newer than {@code watermark}
     * (the log's sequence when the catch-up was read: anything up to it is in the catch-up or superseded by it).
     */
    public void resume(List<RenderEvent> catchUp, long watermark) {
        synchronized (this) {
            List<RenderEvent> live = pending.drain();
            preload(catchUp);
            floor = watermark;
            for (RenderEvent event : live) {
                if (event.sequence() > watermark) {
                    pending.add(event);
                }
            }
            held = false;
        }
        drainAtHome();
    }

    /** Ends the feed with {@code error} (its catch-up could not be read); the client resumes by reconnecting. */
    public void fail(Throwable error) {
        failure = error;
        drainAtHome();
    }

    /** Queues an event without delivering it; call {@link #drain()} after, outside any lock. */
    synchronized void offer(RenderEvent event) {
        if (overflowed || cancelled) {
            return;
        }
        if (event.sequence() <= floor) {
            // A live event that reached this instance only after the catch-up that already held it.
            return;
        }
        if (held) {
            // Waiting for its catch-up (one store read): most of these are dropped below its watermark then.
            pending.add(event);
            return;
        }
        // Conflate only for a subscriber that is not asking for what waits: one that keeps up loses nothing.
        if (pending.size() >= config.conflateAbove() && requested <= pending.size()) {
            if (pending.dropNewestOf(event.render().id())) {
                conflated.increment();
            }
        }
        if (pending.size() >= config.mailboxCapacity()) {
            overflowed = true;
            return;
        }
        pending.add(event);
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    private synchronized RenderEvent poll() {
        return pending.poll();
    }

    private synchronized boolean hasOverflowed() {
        return overflowed;
    }

    private synchronized void clear() {
        pending.clear();
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            Operators.addCap(REQUESTED, this, n);
            drain();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel.accept(this);
            drain();
        }
    }

    /** Delivers pending events while the subscriber has demand; any thread may call it, one drains at a time. */
    void drain() {
        if (WIP.getAndIncrement(this) != 0) {
            return;
        }
        int missed = 1;
        do {
            if (ready) {
                deliver();
            }
            missed = WIP.addAndGet(this, -missed);
        } while (missed != 0);
    }

    private void deliver() {
        long demand = requested;
        long sent = 0;
        while (!stopped()) {
            if (sent == demand || held) {
                break;
            }
            RenderEvent next = poll();
            if (next == null) {
                break;
            }
            actual.onNext(next);
            sent++;
        }
        if (sent != 0 && demand != Long.MAX_VALUE) {
            REQUESTED.addAndGet(this, -sent);
        }
        stopped();
    }

    /** Whether delivery must stop: cancelled (queue released) or overflowed (feed ended). */
    private boolean stopped() {
        if (terminated) {
            return true;
        }
        if (cancelled) {
            clear();
            terminated = true;
            return true;
        }
        if (failure != null) {
            clear();
            terminated = true;
            onCancel.accept(this);
            actual.onError(failure);
            return true;
        }
        if (hasOverflowed()) {
            clear();
            terminated = true;
            onCancel.accept(this);
            actual.onError(new SubscriberOverflowException(config.mailboxCapacity()));
            return true;
        }
        return false;
    }
}
