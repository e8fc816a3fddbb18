package dev.rendergateway.server.metrics;

import dev.rendergateway.core.store.RenderStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Pings the render store (Redis, or memory) every {@link #PERIOD} and keeps whether it answered within
 * {@link #TIMEOUT}: the value of {@code gateway_store_up}. A scrape reads the last answer and never waits on
 * the store itself.
 */
public final class StoreProbe implements Disposable {

    /** How often the store is pinged. */
    public static final Duration PERIOD = Duration.ofSeconds(5);
    /** How long one ping may take before the store counts as down (readiness allows the same). */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final AtomicInteger up = new AtomicInteger();
    private final Disposable pings;

    private StoreProbe(RenderStore store, Scheduler scheduler) {
        this.pings = Flux.interval(Duration.ZERO, PERIOD, scheduler)
                .concatMap(tick -> store.ping()
                        .timeout(TIMEOUT, scheduler)
                        .thenReturn(1)
                        .onErrorResume(error -> Mono.just(0)))
                .subscribe(up::set);
    }

    /** Starts pinging {@code store} at once, then every {@link #PERIOD}, on {@code scheduler}. */
    public static StoreProbe start(RenderStore store, Scheduler scheduler) {
        return new StoreProbe(store, scheduler);
    }

    /** 1 when the last ping was answered in time, 0 when it failed or timed out, or before the first answer. */
    public int up() {
        return up.get();
    }

    @Override
    public void dispose() {
        pings.dispose();
    }

    @Override
    public boolean isDisposed() {
        return pings.isDisposed();
    }
}
