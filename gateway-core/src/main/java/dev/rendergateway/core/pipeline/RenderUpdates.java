package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.store.RenderConflictException;
import dev.rendergateway.core.store.RenderStore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies a change to a stored render and publishes it when something really changed. With a {@link WriteBack},
 * every value it stores or reads is shown to it, and a render the store has lost is written back before the
 * change is applied.
 */
public final class RenderUpdates {

    /** Remembers renders this instance works on, and writes one back when the store lost it. */
    interface WriteBack {

        /** Nothing remembered, nothing written back: for stores that do not lose renders. */
        WriteBack NONE = new WriteBack() {
            @Override
            public void seen(Render render) {
            }

            @Override
            public Mono<Render> lost(String renderId) {
                return Mono.empty();
            }
        };

        /** A value of the render as stored now. */
        void seen(Render render);

        /** The store does not know the render: writes it back if remembered; emits it as stored then. */
        Mono<Render> lost(String renderId);
    }

    private static final Logger log = LoggerFactory.getLogger(RenderUpdates.class);

    private final RenderStore store;
    private final RenderEvents events;
    private final WriteBack writeBack;

    public RenderUpdates(RenderStore store, RenderEvents events) {
        this(store, events, WriteBack.NONE);
    }

    RenderUpdates(RenderStore store, RenderEvents events, WriteBack writeBack) {
        this.store = store;
        this.events = events;
        this.writeBack = writeBack;
    }

    /** The render as stored now; empty if unknown. */
    public Mono<Render> current(String id) {
        return store.find(id);
    }

    /** Stores and publishes a new render. */
    public Mono<Render> insert(Render render) {
        return store.insert(render).flatMap(this::publish);
    }

    /**
     * Reads the render, applies {@code change} and writes it back by compare-and-set, retrying when
     * another writer got there first; publishes what was written. A change that returns its input
     * writes and publishes nothing and emits the current render. A render the store lost is written back first
     * if this instance remembers it. Empty if the render is unknown.
     */
    public Mono<Render> apply(String id, UnaryOperator<Render> change) {
        return Mono.defer(() -> store.find(id)
                        .switchIfEmpty(Mono.defer(() -> writeBack.lost(id)))
                        .flatMap(current -> {
                            writeBack.seen(current);
                            Render next = change.apply(current);
                            if (next == current) {
                                return Mono.just(current);
                            }
                            return store.compareAndSet(current, next)
                                    .doOnNext(writeBack::seen)
                                    .flatMap(this::publish);
                        }))
                .retryWhen(Retry.indefinitely().filter(RenderConflictException.class::isInstance));
    }

    /**
     * Publishes what was stored. The store is the truth: a failed publication is logged and the pipeline
     * goes on, and watchers still find the render's state when they read or reconnect.
     */
    private Mono<Render> publish(Render stored) {
        return events.publish(stored)
                .onErrorResume(error -> {
                    log.warn("change of render {} stored but not published: {}", stored.id(), error.toString());
                    return Mono.empty();
                })
                .thenReturn(stored);
    }
}
