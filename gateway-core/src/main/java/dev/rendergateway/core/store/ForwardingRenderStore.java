package dev.rendergateway.core.store;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link RenderStore} decorator's base: passes every call on to the decorated store, so that a decorator
 * overrides only what it changes and a method added to the interface cannot be forgotten by one of them.
 */
public abstract class ForwardingRenderStore implements RenderStore {

    private final RenderStore renders;

    protected ForwardingRenderStore(RenderStore renders) {
        this.renders = renders;
    }

    /** The decorated store. */
    protected final RenderStore renders() {
        return renders;
    }

    @Override
    public Mono<Render> insert(Render render) {
        return renders.insert(render);
    }

    @Override
    public Mono<Render> find(String id) {
        return renders.find(id);
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return renders.compareAndSet(current, next);
    }

    @Override
    public Flux<Render> list(String tenant, RenderStatus status, String afterId, int limit) {
        return renders.list(tenant, status, afterId, limit);
    }

    @Override
    public Flux<Render> findUnfinished() {
        return renders.findUnfinished();
    }

    @Override
    public Mono<Void> ping() {
        return renders.ping();
    }

    @Override
    public Mono<Render> findOwned(String tenant, String id) {
        return renders.findOwned(tenant, id);
    }
}
