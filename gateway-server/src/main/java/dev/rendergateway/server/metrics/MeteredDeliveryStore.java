package dev.rendergateway.server.metrics;

import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.core.webhooks.DeliveryAttempt;
import dev.rendergateway.core.webhooks.DeliveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link DeliveryStore} that counts webhook deliveries: enqueued ({@code gateway_webhook_deliveries_total})
 * and each attempt by outcome ({@code gateway_webhook_attempts_total{outcome}}: delivered, retry, failed,
 * disabled, refused), as the dispatcher records them.
 */
public final class MeteredDeliveryStore implements DeliveryStore {

    /** Every outcome the dispatcher records for an attempt. */
    static final List<String> OUTCOMES = List.of("delivered", "retry", "failed", "disabled", "refused");

    private final DeliveryStore deliveries;
    private final GatewayMetrics metrics;

    public MeteredDeliveryStore(DeliveryStore deliveries, GatewayMetrics metrics) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        // Present from the start, at zero, so that dashboards and alerts find the family.
        metrics.counter("gateway.webhook.deliveries", "Caller webhook deliveries enqueued");
        OUTCOMES.forEach(outcome -> metrics.counter("gateway.webhook.attempts",
                "Attempts to deliver caller webhooks, by outcome", "outcome", outcome));
    }

    @Override
    public Mono<Delivery> insert(Delivery delivery) {
        return deliveries.insert(delivery).doOnNext(stored -> metrics.counter("gateway.webhook.deliveries",
                "Caller webhook deliveries enqueued").increment());
    }

    @Override
    public Mono<Delivery> update(Delivery delivery) {
        return deliveries.update(delivery).doOnNext(stored -> {
            if (!delivery.attempts().isEmpty()) {
                DeliveryAttempt last = delivery.attempts().get(delivery.attempts().size() - 1);
                metrics.counter("gateway.webhook.attempts", "Attempts to deliver caller webhooks, by outcome",
                        "outcome", last.outcome() == null ? "unknown" : last.outcome()).increment();
            }
        });
    }

    @Override
    public Mono<Delivery> find(String id) {
        return deliveries.find(id);
    }

    @Override
    public Flux<Delivery> ofRender(String renderId) {
        return deliveries.ofRender(renderId);
    }

    @Override
    public Flux<Delivery> pending() {
        return deliveries.pending();
    }

    @Override
    public Flux<Delivery> dueBy(Instant by) {
        return deliveries.dueBy(by);
    }

    @Override
    public Mono<Boolean> claim(String id, Duration ttl) {
        return deliveries.claim(id, ttl);
    }

    @Override
    public Mono<Void> release(String id) {
        return deliveries.release(id);
    }
}
