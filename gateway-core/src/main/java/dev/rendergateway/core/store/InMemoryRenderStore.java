package dev.rendergateway.core.store;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded default {@link RenderStore}: renders in this process's memory, lost on restart. */
public final class InMemoryRenderStore implements RenderStore {

    private final ConcurrentMap<String, Render> renders = new ConcurrentHashMap<>();
    /** Insertion order per tenant, newest first, as the listing order. */
    private final ConcurrentMap<String, ConcurrentSkipListMap<Long, String>> byTenant = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> insertionOrder = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public Mono<Render> insert(Render render) {
        return Mono.fromCallable(() -> {
            if (renders.putIfAbsent(render.id(), render) != null) {
                throw new RenderConflictException(render.id());
            }
            long order = sequence.incrementAndGet();
            insertionOrder.put(render.id(), order);
            byTenant.computeIfAbsent(render.tenant(),
                    t -> new ConcurrentSkipListMap<Long, String>(Comparator.reverseOrder())).put(order, render.id());
            return render;
        });
    }

    @Override
    public Mono<Render> find(String id) {
        return Mono.fromSupplier(() -> renders.get(id));
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return Mono.fromCallable(() -> {
            Render stored = next.withRevision(current.revision() + 1);
            Render result = renders.computeIfPresent(current.id(),
                    (id, existing) -> existing.revision() == current.revision() ? stored : existing);
            if (result != stored) {
                throw new RenderConflictException(current.id());
            }
            return stored;
        });
    }

    @Override
    public Flux<Render> list(String tenant, RenderStatus status, String afterId, int limit) {
        return Flux.defer(() -> {
            ConcurrentSkipListMap<Long, String> ids = byTenant.get(tenant);
            if (ids == null) {
                return Flux.empty();
            }
            Long after = afterId == null ? null : insertionOrder.get(afterId);
            var page = after == null ? ids : ids.tailMap(after, false);
            return Flux.fromIterable(page.values())
                    .mapNotNull(renders::get)
                    .filter(render -> status == null || render.status() == status)
                    .take(limit);
        });
    }

    /** Always ready: the store is this process's memory. */
    @Override
    public Mono<Void> ping() {
        return Mono.empty();
    }

    @Override
    public Flux<Render> findUnfinished() {
        return Flux.defer(() -> Flux.fromIterable(renders.values()).filter(render -> !render.isTerminal()));
    }
}
