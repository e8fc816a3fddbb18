package dev.rendergateway.core.upstream;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What the upstream last said of the account's quota, from whichever answer carried it; submissions wait on
 * {@link #whenMoviesLeft()} while it says no movies are left, rather than being sent to fail.
 */
public final class AccountQuota {

    private static final Logger log = LoggerFactory.getLogger(AccountQuota.class);

    private final AtomicReference<RemainingQuota> latest = new AtomicReference<>();
    private final AtomicReference<Sinks.Empty<Void>> refill = new AtomicReference<>();

    /** Notes the quota of an answer; wakes the waiting submissions when movies are left again. */
    public void observe(RemainingQuota quota) {
        RemainingQuota previous = latest.getAndSet(quota);
        boolean wasExhausted = previous != null && previous.noMoviesLeft();
        if (quota.noMoviesLeft() && !wasExhausted) {
            refill.compareAndSet(null, Sinks.empty());
            log.warn("JSON2Video reports no movies left on the account: new renders wait in the queue until it has "
                    + "some again");
        } else if (!quota.noMoviesLeft() && wasExhausted) {
            log.info("JSON2Video reports {} movies left again: submissions resume", quota.movies());
            Sinks.Empty<Void> waiting = refill.getAndSet(null);
            if (waiting != null) {
                waiting.tryEmitEmpty();
            }
        }
    }

    /** The last quota reported, if any answer carried one yet. */
    public Optional<RemainingQuota> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Whether the last report said no movies are left. */
    public boolean noMoviesLeft() {
        RemainingQuota quota = latest.get();
        return quota != null && quota.noMoviesLeft();
    }

    /** Completes at once, or when an answer reports movies left again. */
    public Mono<Void> whenMoviesLeft() {
        return Mono.defer(() -> {
            Sinks.Empty<Void> waiting = refill.get();
            return waiting == null || !noMoviesLeft() ? Mono.empty() : waiting.asMono();
        });
    }
}
