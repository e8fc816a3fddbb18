package dev.rendergateway.core.events;

import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.store.StoreStallRetry;
import java.util.OptionalLong;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a watcher sees: the current state of what it follows first (or, when it reconnects, what it missed),
 * then each later change. A feed of one render ends after its terminal change; a feed of several never ends
 * by itself.
 */
public final class RenderFeeds {

    private final RenderStore store;
    private final RenderEvents events;

    public RenderFeeds(RenderStore store, RenderEvents events) {
        this.store = store;
        this.events = events;
    }

    /** One render's feed from its current state, if {@code tenant} owns it; empty otherwise. */
    public Flux<RenderEvent> follow(String tenant, String renderId) {
        return open(tenant, renderId, OptionalLong.empty()).flatMapMany(Feed::events);
    }

    /**
     * One render's feed, resumed after {@code lastEventId} when present; empty if {@code tenant} does not own
     * the render. The feed is {@linkplain Feed#ended() ended} when the watcher has seen the terminal change.
     */
    public Mono<Feed> open(String tenant, String renderId, OptionalLong lastEventId) {
        // Repeated while the store stalls: EventSource, answered with an error status, would never retry.
        return StoreStallRetry.read(() -> openNow(tenant, renderId, lastEventId));
    }

    private Mono<Feed> openNow(String tenant, String renderId, OptionalLong lastEventId) {
        return store.findOwned(tenant, renderId).flatMap(render -> {
            Flux<RenderEvent> feed = events.follow(Selection.of(tenant, Set.of(renderId)), lastEventId)
                    .takeUntil(event -> event.render().isTerminal());
            if (!render.isTerminal() || lastEventId.isEmpty()) {
                return Mono.just(new Feed(false, feed));
            }
            long seen = lastEventId.getAsLong();
            return events.latest(renderId)
                    .map(last -> new Feed(last.sequence() <= seen && last.render().isTerminal(), feed))
                    .defaultIfEmpty(new Feed(false, feed));
        });
    }

    /** The feed of several renders, or of a whole tenant, resumed after {@code lastEventId} when present. */
    public Flux<RenderEvent> follow(Selection selection, OptionalLong lastEventId) {
        return events.follow(selection, lastEventId);
    }

    /** A feed about to be followed, or the news that its watcher has seen everything it will ever carry. */
    public record Feed(boolean ended, Flux<RenderEvent> events) {
    }
}
