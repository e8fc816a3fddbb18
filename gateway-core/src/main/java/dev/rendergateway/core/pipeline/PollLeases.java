package dev.rendergateway.core.pipeline;

import java.util.Collection;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Which instance polls (or submits) each unfinished render: a lease per render, held by one instance at a
 * time, renewed while it works on the render, and taken over by another instance once it expires.
 */
public interface PollLeases {

    /** The name this instance's leases carry, and how long one lasts without renewal. */
    LeaseTerms terms();

    /** Takes the render's lease, or extends it if this instance has it; emits whether this instance holds it now. */
    Mono<Boolean> acquire(String renderId);

    /**
     * Extends these leases of this instance (takes again any that expired and nobody took); emits the ids
     * whose lease another instance holds now.
     */
    Mono<Set<String>> renew(Collection<String> renderIds);

    /** Gives the lease up if this instance holds it. */
    Mono<Void> release(String renderId);
}
