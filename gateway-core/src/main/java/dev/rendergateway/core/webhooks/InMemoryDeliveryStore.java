package dev.rendergateway.core.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded default {@link DeliveryStore}: deliveries in this process's memory, lost on restart. */
public final class InMemoryDeliveryStore implements DeliveryStore {

    private final ConcurrentMap<String, Delivery> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<String>> byRender = new ConcurrentHashMap<>();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    @Override
    public Mono<Delivery> insert(Delivery delivery) {
        return Mono.fromSupplier(() -> {
            Delivery existing = byId.putIfAbsent(delivery.id(), delivery);
            if (existing != null) {
                return existing;
            }
            byRender.computeIfAbsent(delivery.renderId(), id -> new CopyOnWriteArrayList<>()).add(delivery.id());
            return delivery;
        });
    }

    @Override
    public Mono<Delivery> update(Delivery delivery) {
        return Mono.fromSupplier(() -> {
            byId.put(delivery.id(), delivery);
            return delivery;
        });
    }

    @Override
    public Mono<Delivery> find(String id) {
        return Mono.fromSupplier(() -> byId.get(id));
    }

    @Override
    public Flux<Delivery> ofRender(String renderId) {
        return Flux.defer(() -> Flux.fromIterable(byRender.getOrDefault(renderId, List.of())))
                .mapNotNull(byId::get);
    }

    @Override
    public Flux<Delivery> pending() {
        return Flux.defer(() -> Flux.fromIterable(byId.values())).filter(Delivery::isPending);
    }

    @Override
    public Flux<Delivery> dueBy(Instant by) {
        return pending().filter(delivery -> delivery.nextAttemptAt() == null
                || !delivery.nextAttemptAt().isAfter(by));
    }

    /** One process: the claim only keeps two attempts of this process apart; {@code ttl} does not apply. */
    @Override
    public Mono<Boolean> claim(String id, Duration ttl) {
        return Mono.fromSupplier(() -> claimed.add(id));
    }

    @Override
    public Mono<Void> release(String id) {
        return Mono.fromRunnable(() -> claimed.remove(id));
    }
}
