package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.render.Render;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes back renders that the shared store lost (a Redis restarted without persistence), as the instance
 * holding them last knew them, and says when the store lost its data. A store that cannot lose its data
 * (memory) uses {@link #never()}.
 */
public interface RenderRestore {

    /** For a store that never loses its data: no losses, and nothing to write back. */
    static RenderRestore never() {
        return NeverLost.INSTANCE;
    }

    /** Emits each time the store is found to have lost its data. */
    Flux<Long> losses();

    /**
     * Writes {@code render} back with its listing, its place among unfinished renders, this instance's lease
     * and the Idempotency-Key it came with if remembered; never over the same or a newer revision. Emits
     * whether it was written (false: the store had it). Empty if this store cannot lose renders.
     */
    Mono<Boolean> restore(Render render);

    /** The restore of a store that never loses its data. */
    enum NeverLost implements RenderRestore {
        INSTANCE;

        @Override
        public Flux<Long> losses() {
            return Flux.never();
        }

        @Override
        public Mono<Boolean> restore(Render render) {
            return Mono.empty();
        }
    }
}
