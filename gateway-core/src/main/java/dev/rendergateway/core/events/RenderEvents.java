package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Publishes render changes and lets any number of subscribers follow them live. */
public interface RenderEvents {

    /** Numbers the change and hands it to every current subscriber of the render and of its tenant. */
    Mono<RenderEvent> publish(Render render);

    /** Live changes of one render from now on (hot: nothing published before the subscription). */
    Flux<RenderEvent> ofRender(String renderId);

    /** Live changes of every render of a tenant from now on, including renders created later. */
    Flux<RenderEvent> ofTenant(String tenant);

    /** Whether someone follows this render here, directly or through its tenant's stream; polls of watched renders go first. */
    boolean isWatched(String tenant, String renderId);

    /** The sequence of the latest published event, 0 before the first. */
    Mono<Long> lastSequence();
}
