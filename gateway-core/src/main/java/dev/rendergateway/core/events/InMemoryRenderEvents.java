package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded default {@link RenderEvents}: in-process fan-out to this instance's subscribers. */
public final class InMemoryRenderEvents implements RenderEvents {

    private static final int SUBSCRIBER_BUFFER = 1024;

    private final AtomicLong sequence = new AtomicLong();
    private final Topics<RenderEvent> byRender = new Topics<>(SUBSCRIBER_BUFFER);
    private final Topics<RenderEvent> byTenant = new Topics<>(SUBSCRIBER_BUFFER);

    @Override
    public Mono<RenderEvent> publish(Render render) {
        return Mono.fromSupplier(() -> {
            RenderEvent event = new RenderEvent(sequence.incrementAndGet(), render);
            byRender.emit(render.id(), event);
            byTenant.emit(render.tenant(), event);
            return event;
        });
    }

    @Override
    public Flux<RenderEvent> ofRender(String renderId) {
        return byRender.subscribe(renderId);
    }

    @Override
    public Flux<RenderEvent> ofTenant(String tenant) {
        return byTenant.subscribe(tenant);
    }

    @Override
    public boolean isWatched(String tenant, String renderId) {
        return byRender.hasSubscribers(renderId) || byTenant.hasSubscribers(tenant);
    }

    @Override
    public Mono<Long> lastSequence() {
        return Mono.fromSupplier(sequence::get);
    }

    /** How many renders and tenants have live subscribers; for tests and metrics. */
    public int subscribedKeys() {
        return byRender.subscribedKeys() + byTenant.subscribedKeys();
    }
}
