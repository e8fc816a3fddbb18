package dev.rendergateway.server.metrics;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.RenderStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link RenderStore} that counts renders entering each status ({@code gateway_renders_total{status,tenant}}):
 * every insert is a {@code queued}, every successful write that changes the status counts the new one.
 */
public final class MeteredRenderStore implements RenderStore {

    private final RenderStore renders;
    private final GatewayMetrics metrics;

    public MeteredRenderStore(RenderStore renders, GatewayMetrics metrics) {
        this.renders = renders;
        this.metrics = metrics;
    }

    @Override
    public Mono<Render> insert(Render render) {
        return renders.insert(render).doOnNext(this::entered);
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return renders.compareAndSet(current, next).doOnNext(stored -> {
            if (stored.status() != current.status()) {
                entered(stored);
            }
        });
    }

    @Override
    public Mono<Render> find(String id) {
        return renders.find(id);
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

    private void entered(Render render) {
        metrics.counter("gateway.renders", "Renders that entered a status",
                "status", render.status().wireName(), "tenant", metrics.tenantTag(render.tenant())).increment();
    }
}
