package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes render changes in one order, numbered by a sequence that only grows (the SSE event id), and lets
 * any number of subscribers follow them live or resume after the last event they saw.
 *
 * <p>A shared implementation (Redis) keeps the same contract: sequences meaningful across instances, a
 * bounded recent history per tenant for exact resumption, and the latest event of every render for the
 * current state.
 */
public interface RenderEvents {

    /**
     * Reactor {@link reactor.util.context.Context} key of a {@link java.util.concurrent.Executor} on which a
     * subscriber wants its events delivered (an HTTP connection's event loop, say). A change reaching many
     * subscribers then costs one task per executor, not one hand-over per subscriber; without it, events
     * arrive on the publishing thread.
     */
    String DELIVERY_EXECUTOR = "render-events.delivery-executor";

    /** Numbers the change and hands it to every current subscriber of the render and of its tenant. */
    Mono<RenderEvent> publish(Render render);

    /**
     * A feed of the selection: first a catch-up, then live changes, with strictly increasing sequences and
     * nothing lost or repeated in between. Without {@code lastEventId} (or with one this log cannot place)
     * the catch-up is the current state: the latest event of each selected render (of the most recently
     * changed ones when tenant-wide). With it, the events after it from the recent history, or where the
     * history no longer reaches back that far, the latest event of every selected render changed since.
     * A subscriber that stops requesting has its pending changes conflated, latest wins per render.
     */
    Flux<RenderEvent> follow(Selection selection, OptionalLong lastEventId);

    /** The latest event of a render; empty if none was published. */
    Mono<RenderEvent> latest(String renderId);

    /** Live changes of one render from now on (hot: nothing published before the subscription). */
    Flux<RenderEvent> ofRender(String renderId);

    /** Live changes of every render of a tenant from now on, including renders created later. */
    Flux<RenderEvent> ofTenant(String tenant);

    /** Whether someone follows this render here, directly or through its tenant's stream; polls of watched renders go first. */
    boolean isWatched(String tenant, String renderId);

    /** The sequence of the latest published event; before the first, the log's starting point. */
    Mono<Long> lastSequence();
}
