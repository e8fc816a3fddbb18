package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.store.RenderStore;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a watcher of a render sees: its current state first, then each later change, ending after the
 * terminal one. Joins the stored snapshot and the live events without losing a change made in between.
 */
public final class RenderFeeds {

    private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMITS =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));

    private final RenderStore store;
    private final RenderEvents events;

    public RenderFeeds(RenderStore store, RenderEvents events) {
        this.store = store;
        this.events = events;
    }

    /** The render's feed, if {@code tenant} owns it; empty otherwise. */
    public Flux<RenderEvent> follow(String tenant, String renderId) {
        return Flux.defer(() -> {
            // Subscribe to live changes before reading the snapshot, so nothing falls in between.
            Sinks.Many<RenderEvent> pending = Sinks.many().unicast().onBackpressureBuffer();
            Disposable live = events.ofRender(renderId).subscribe(
                    event -> pending.emitNext(event, RETRY_CONCURRENT_EMITS),
                    error -> pending.emitError(error, RETRY_CONCURRENT_EMITS));
            return Mono.zip(events.lastSequence(), store.findOwned(tenant, renderId))
                    .flatMapMany(start -> feed(new RenderEvent(start.getT1(), start.getT2()), pending.asFlux()))
                    .doFinally(signal -> live.dispose());
        });
    }

    private static Flux<RenderEvent> feed(RenderEvent snapshot, Flux<RenderEvent> changes) {
        Render seen = snapshot.render();
        Flux<RenderEvent> later = changes.filter(event -> event.render().revision() > seen.revision());
        return Flux.concat(Mono.just(snapshot), later).takeUntil(event -> event.render().isTerminal());
    }
}
