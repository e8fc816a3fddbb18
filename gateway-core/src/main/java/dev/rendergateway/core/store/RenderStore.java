package dev.rendergateway.core.store;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Flux;

/**
 * Where renders live. Every change is a compare-and-set on the render's revision, so that several
 * writers (pollers, cancels, other gateway instances) can never overwrite each other's updates.
 */
public interface RenderStore {

    /** Stores a new render; errors with {@link RenderConflictException} if its id exists already. */
    Mono<Render> insert(Render render);

    /** The render with this id, whoever owns it; empty if unknown. */
    Mono<Render> find(String id);

    /**
     * Replaces {@code current} by {@code next} if the stored revision is still {@code current.revision()};
     * emits the stored value (at revision + 1), or errors with {@link RenderConflictException}.
     */
    Mono<Render> compareAndSet(Render current, Render next);

    /**
     * A tenant's renders, newest first, optionally of one status, starting after the render with id
     * {@code afterId} (null for the first page), at most {@code limit}.
     */
    Flux<Render> list(String tenant, RenderStatus status, String afterId, int limit);

    /** Every render that has not reached a terminal status, for recovery and pollers. */
    Flux<Render> findUnfinished();

    /**
     * Completes when the store can take work now; fails (with {@link StoreUnavailableException}) when it
     * cannot, for readiness checks. Not a default method: a decorator must pass it on, or readiness lies.
     */
    Mono<Void> ping();

    /** The render with this id if {@code tenant} owns it; empty otherwise, as if it did not exist. */
    default Mono<Render> findOwned(String tenant, String id) {
        return find(id).filter(render -> render.tenant().equals(tenant));
    }
}
