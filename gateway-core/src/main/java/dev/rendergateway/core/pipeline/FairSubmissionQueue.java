package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The embedded default {@link SubmissionQueue}: one FIFO per tenant, served round robin. Each turn takes
 * one render from the next tenant that has one and is under its in-flight limit, so a tenant's backlog of
 * 100,000 renders delays another tenant's lone render by at most one turn per other active tenant.
 *
 * <p>State changes under one short lock (a few pointer moves each, never I/O, never waiting), which keeps
 * the round robin exact without lock-free juggling.
 */
public final class FairSubmissionQueue implements SubmissionQueue {

    private final QueueConfig config;
    private final DrainRate drainRate;
    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Deque<Tenant> turns = new ArrayDeque<>();
    private final Deque<MonoSink<Void>> awaiting = new ArrayDeque<>();
    private int reserved;
    private int queued;

    public FairSubmissionQueue(QueueConfig config, double fallbackRatePerSecond, LongSupplier nanoTime) {
        this.config = config;
        this.drainRate = new DrainRate(fallbackRatePerSecond, nanoTime);
    }

    @Override
    public synchronized void admit(String tenant) {
        Tenant t = tenant(tenant);
        if (queued + reserved >= config.maxQueued()) {
            throw new AdmissionRefusedException("The gateway's queue is full (" + config.maxQueued()
                    + " renders wait); retry later.", drainRate.timeToDrain(1));
        }
        if (t.waiting.size() + t.reserved >= config.maxQueuedPerTenant()) {
            throw new AdmissionRefusedException("Your queue is full (" + config.maxQueuedPerTenant()
                    + " renders wait); retry later.", drainRate.timeToDrain(Math.max(1, turns.size())));
        }
        t.reserved++;
        reserved++;
    }

    @Override
    public synchronized void release(String tenant) {
        Tenant t = tenant(tenant);
        if (t.reserved > 0) {
            t.reserved--;
            reserved--;
        }
    }

    @Override
    public void enqueue(String tenant, String renderId) {
        add(tenant, renderId, false);
    }

    @Override
    public void requeue(String tenant, String renderId) {
        add(tenant, renderId, true);
    }

    /** Queues a render at the tail (new, into admitted room) or at the head (withdrawn, no longer in flight). */
    private void add(String tenant, String renderId, boolean withdrawn) {
        MonoSink<Void> wake;
        synchronized (this) {
            Tenant t = tenant(tenant);
            if (withdrawn) {
                t.waiting.addFirst(renderId);
                t.inFlight = Math.max(0, t.inFlight - 1);
            } else {
                release(tenant);
                t.waiting.addLast(renderId);
            }
            queued++;
            takeTurns(t);
            wake = awaiting.pollFirst();
        }
        if (wake != null) {
            wake.success();
        }
    }

    @Override
    public synchronized void remove(String tenant, String renderId) {
        Tenant t = tenants.get(tenant);
        if (t != null && t.waiting.remove(renderId)) {
            queued--;
        }
    }

    @Override
    public Mono<Void> awaitWork() {
        return Mono.create(sink -> {
            boolean ready;
            synchronized (this) {
                ready = hasTakeableWork();
                if (!ready) {
                    awaiting.addLast(sink);
                    sink.onCancel(() -> {
                        synchronized (this) {
                            awaiting.remove(sink);
                        }
                    });
                }
            }
            if (ready) {
                sink.success();
            }
        });
    }

    @Override
    public synchronized Optional<QueuedRender> poll() {
        for (int i = turns.size(); i > 0; i--) {
            Tenant t = turns.pollFirst();
            if (t.waiting.isEmpty()) {
                t.inTurns = false;
                continue;
            }
            if (t.atInFlightLimit()) {
                turns.addLast(t);
                continue;
            }
            String renderId = t.waiting.pollFirst();
            queued--;
            t.inFlight++;
            if (t.waiting.isEmpty()) {
                t.inTurns = false;
            } else {
                turns.addLast(t);
            }
            drainRate.recordDrained();
            return Optional.of(new QueuedRender(t.name, renderId));
        }
        return Optional.empty();
    }

    @Override
    public void finished(String tenant) {
        Iterator<MonoSink<Void>> wake = null;
        synchronized (this) {
            Tenant t = tenant(tenant);
            t.inFlight = Math.max(0, t.inFlight - 1);
            if (config.maxInFlightPerTenant() > 0 && hasTakeableWork() && !awaiting.isEmpty()) {
                wake = new ArrayDeque<>(awaiting).iterator();
                awaiting.clear();
            }
        }
        while (wake != null && wake.hasNext()) {
            wake.next().success();
        }
    }

    @Override
    public synchronized int size() {
        return queued;
    }

    @Override
    public synchronized int size(String tenant) {
        Tenant t = tenants.get(tenant);
        return t == null ? 0 : t.waiting.size();
    }

    @Override
    public synchronized Duration retryAfter(String tenant) {
        return drainRate.timeToDrain(Math.max(1, turns.size()));
    }

    private boolean hasTakeableWork() {
        for (Tenant t : turns) {
            if (!t.waiting.isEmpty() && !t.atInFlightLimit()) {
                return true;
            }
        }
        return false;
    }

    /** Puts a tenant with waiting renders at the end of the round, unless it has its place already. */
    private void takeTurns(Tenant t) {
        if (!t.inTurns && !t.waiting.isEmpty()) {
            t.inTurns = true;
            turns.addLast(t);
        }
    }

    private Tenant tenant(String name) {
        return tenants.computeIfAbsent(name, n -> new Tenant(n, config.maxInFlightPerTenant()));
    }

    /** One tenant's waiting renders and counters; guarded by the queue's lock. */
    private static final class Tenant {
        final String name;
        final int maxInFlight;
        final Deque<String> waiting = new ArrayDeque<>();
        int reserved;
        int inFlight;
        boolean inTurns;

        Tenant(String name, int maxInFlight) {
            this.name = name;
            this.maxInFlight = maxInFlight;
        }

        boolean atInFlightLimit() {
            return maxInFlight > 0 && inFlight >= maxInFlight;
        }
    }
}
