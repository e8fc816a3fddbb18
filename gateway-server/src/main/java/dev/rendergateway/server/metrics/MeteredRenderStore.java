package dev.rendergateway.server.metrics;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.ForwardingRenderStore;
import dev.rendergateway.core.store.RenderStore;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A {@link RenderStore} that counts renders entering each status ({@code gateway_renders_total{status,tenant}}):
 * every insert is a {@code queued}, every successful write that changes the status counts the new one. A render
 * leaving {@code queued} for {@code submitting} also records how long it waited ({@code gateway_queue_wait_seconds}).
 */
public final class MeteredRenderStore extends ForwardingRenderStore {

    private final GatewayMetrics metrics;

    public MeteredRenderStore(RenderStore renders, GatewayMetrics metrics) {
        super(renders);
        this.metrics = metrics;
    }

    @Override
    public Mono<Render> insert(Render render) {
        return renders().insert(render).doOnNext(this::entered);
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return renders().compareAndSet(current, next).doOnNext(stored -> {
            if (stored.status() != current.status()) {
                entered(stored);
            }
            if (current.status() == RenderStatus.QUEUED && stored.status() == RenderStatus.SUBMITTING) {
                metrics.queueWaited(stored.tenant(), Duration.between(current.createdAt(), stored.updatedAt()));
            }
        });
    }

    private void entered(Render render) {
        metrics.counter("gateway.renders", "Renders that entered a status",
                "status", render.status().wireName(), "tenant", metrics.tenantTag(render.tenant())).increment();
    }
}
