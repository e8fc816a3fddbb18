package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The queue of renders waiting to be submitted: bounded (admission control), and fair between tenants
 * when it hands out the next render to send.
 */
public interface SubmissionQueue {

    /**
     * Reserves room for one more render of the tenant, before anything of it is stored; fails with
     * {@link AdmissionRefusedException} when the queue is full for everyone or for the tenant.
     */
    void admit(String tenant);

    /** Gives back room reserved by {@link #admit} for a render that was not stored after all. */
    void release(String tenant);

    /** Queues a stored render into room reserved by {@link #admit}. */
    void enqueue(String tenant, String renderId);

    /** Puts a render back at the head of its tenant's queue (its submission was withdrawn before sending). */
    void requeue(String tenant, String renderId);

    /** Takes a render out of the queue before it is sent (it was cancelled). */
    void remove(String tenant, String renderId);

    /** Completes when the queue holds a render that may be taken now. */
    Mono<Void> awaitWork();

    /**
     * The next render to submit, by fair turns between tenants, now; empty if there is none. The render
     * counts as in flight for its tenant until {@link #finished}.
     */
    Optional<QueuedRender> poll();

    /**
     * The next render to submit, like {@link #poll()} but asynchronous, as a queue shared through Redis must
     * be; empty if there is none now.
     */
    default Mono<QueuedRender> next() {
        return Mono.fromSupplier(() -> poll().orElse(null));
    }

    /**
     * Puts back queued renders that left the queue without being claimed (their instance died in between);
     * the recovery scan calls it. Nothing to do for a queue in one process's memory.
     */
    default Mono<Void> repair() {
        return Mono.empty();
    }

    /** A render taken by {@link #poll} has ended (or was never sent): it no longer counts as in flight. */
    void finished(String tenant);

    /** How many renders wait, in all. */
    int size();

    /** How many renders of the tenant wait. */
    int size(String tenant);

    /** An estimate of how long until there is room for one more render of the tenant. */
    Duration retryAfter(String tenant);

    /** A render handed out for submission. */
    record QueuedRender(String tenant, String renderId) {
    }
}
