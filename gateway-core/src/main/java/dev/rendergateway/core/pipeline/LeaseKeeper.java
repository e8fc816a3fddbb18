package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.render.Render;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The leases this instance holds: taken before a render is claimed or adopted, renewed together every third
 * of their time to live, given up when the render's loop ends. A lease found in another instance's hands
 * at renewal is reported, so that this instance stops working on that render. It also remembers the last value
 * of each held render that this instance stored or read, to write it back should the store lose it.
 */
final class LeaseKeeper implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final PollLeases leases;
    private final Scheduler scheduler;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Render> lastKnown = new ConcurrentHashMap<>();
    private volatile Consumer<String> onLost = id -> { };
    private volatile boolean stopped;
    private Disposable renewing;

    LeaseKeeper(PollLeases leases, Scheduler scheduler) {
        this.leases = leases;
        this.scheduler = scheduler;
    }

    /** Starts renewing; {@code lost} hears of every lease another instance took. */
    synchronized void start(Consumer<String> lost) {
        this.onLost = lost;
        if (renewing == null) {
            Duration period = leases.terms().ttl().dividedBy(3);
            renewing = Flux.interval(period, period, scheduler)
                    .onBackpressureDrop()
                    .concatMap(tick -> renewOnce(), 0)
                    .subscribe();
        }
    }

    /** Takes (or keeps) the render's lease; emits whether this instance holds it. */
    Mono<Boolean> acquire(String renderId) {
        return leases.acquire(renderId).doOnNext(acquired -> {
            if (acquired) {
                held.add(renderId);
            }
        });
    }

    boolean holds(String renderId) {
        return held.contains(renderId);
    }

    /** Remembers {@code render} as the last known value of a render held here (the newest revision wins). */
    void note(Render render) {
        if (!held.contains(render.id())) {
            return;
        }
        lastKnown.merge(render.id(), render, (known, seen) -> seen.revision() >= known.revision() ? seen : known);
        if (!held.contains(render.id())) {
            lastKnown.remove(render.id());
        }
    }

    /** The last known value of a render held here, if any was seen. */
    Optional<Render> lastKnown(String renderId) {
        return held.contains(renderId) ? Optional.ofNullable(lastKnown.get(renderId)) : Optional.empty();
    }

    /** The last known values of every render held here now. */
    List<Render> heldRenders() {
        return lastKnown.entrySet().stream()
                .filter(entry -> held.contains(entry.getKey()))
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    /** Gives the lease up; nothing after {@link #dispose()}, when leases are left to expire. */
    void release(String renderId) {
        boolean wasHeld = held.remove(renderId);
        lastKnown.remove(renderId);
        if (wasHeld && !stopped) {
            leases.release(renderId)
                    .subscribe(null, error -> log.debug("lease of render {} not released: {}", renderId,
                            error.toString()));
        }
    }

    private Mono<Void> renewOnce() {
        List<String> snapshot = List.copyOf(held);
        if (snapshot.isEmpty() || stopped) {
            return Mono.empty();
        }
        return leases.renew(snapshot)
                .doOnNext(lost -> lost.forEach(id -> {
                    boolean wasHeld = held.remove(id);
                    lastKnown.remove(id);
                    if (wasHeld) {
                        log.warn("render {} is now polled by another instance: this one stops", id);
                        onLost.accept(id);
                    }
                }))
                .onErrorResume(error -> {
                    log.warn("leases not renewed this time: {}", error.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Stops renewing; the leases held expire by themselves (as after a crash), then other instances adopt them. */
    @Override
    public synchronized void dispose() {
        stopped = true;
        if (renewing != null) {
            renewing.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return stopped;
    }
}
