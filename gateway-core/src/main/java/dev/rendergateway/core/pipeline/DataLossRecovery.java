package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.render.Render;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Nothing lost when the shared store loses its data (a Redis restarted without persistence): this instance
 * writes back every render it holds a lease on (polls or submits) as it last knew it, with its lease, listing,
 * unfinished entry and Idempotency-Key, and publishes its state again so that event streams go on. It does so
 * for all of them when the store reports a loss, and for one render as soon as a change finds it missing.
 */
final class DataLossRecovery implements RenderUpdates.WriteBack, Disposable {

    private static final Logger log = LoggerFactory.getLogger(DataLossRecovery.class);

    private final RenderRestore restore;
    private final LeaseKeeper keeper;
    private final RenderEvents events;
    private Disposable listening;

    DataLossRecovery(RenderRestore restore, LeaseKeeper keeper, RenderEvents events) {
        this.restore = restore;
        this.keeper = keeper;
        this.events = events;
    }

    /** Listens for the store's losses. */
    synchronized void start() {
        if (listening == null) {
            listening = restore.losses()
                    .onBackpressureLatest()
                    .concatMap(loss -> writeBackAll(), 0)
                    .subscribe();
        }
    }

    @Override
    public void seen(Render render) {
        keeper.note(render);
    }

    @Override
    public Mono<Render> lost(String renderId) {
        return Mono.justOrEmpty(keeper.lastKnown(renderId)).flatMap(this::writeBack);
    }

    /** Writes back every render held here; a failed one is logged and the next one goes on. */
    Mono<Void> writeBackAll() {
        return Flux.fromIterable(keeper.heldRenders())
                .concatMap(render -> writeBack(render).onErrorResume(error -> {
                    log.warn("render {} not written back this time: {}", render.id(), error.toString());
                    return Mono.empty();
                }))
                .count()
                .doOnNext(count -> log.info("after Redis lost its data: {} renders held here checked and "
                        + "written back where missing", count))
                .then();
    }

    /** Writes the render back unless the store has it; publishes it when written. Emits the render. */
    private Mono<Render> writeBack(Render known) {
        return restore.restore(known).flatMap(written -> {
            if (!written) {
                return Mono.just(known);
            }
            log.warn("render {} was lost by the store: written back as {} (revision {})", known.id(),
                    known.status().wireName(), known.revision());
            return events.publish(known)
                    .onErrorResume(error -> {
                        log.warn("render {} written back but not published: {}", known.id(), error.toString());
                        return Mono.empty();
                    })
                    .thenReturn(known);
        });
    }

    @Override
    public synchronized void dispose() {
        if (listening != null) {
            listening.dispose();
        }
    }
}
