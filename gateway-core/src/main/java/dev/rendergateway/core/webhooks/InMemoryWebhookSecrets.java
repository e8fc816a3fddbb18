package dev.rendergateway.core.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** The embedded default {@link WebhookSecrets}: in this process's memory, new secrets after a restart. */
public final class InMemoryWebhookSecrets implements WebhookSecrets {

    private final ConcurrentMap<String, List<WebhookSecret>> byTenant = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration overlap;
    private final SecretMinter minter = new SecretMinter();

    public InMemoryWebhookSecrets(Clock clock, Duration overlap) {
        this.clock = clock;
        this.overlap = overlap;
    }

    @Override
    public Mono<List<WebhookSecret>> current(String tenant) {
        return Mono.fromSupplier(() -> valid(byTenant.computeIfAbsent(tenant, t -> List.of(newSecret(null)))));
    }

    @Override
    public Mono<List<WebhookSecret>> rotate(String tenant) {
        return Mono.fromSupplier(() -> valid(byTenant.compute(tenant, (t, existing) -> {
            Instant now = clock.instant();
            List<WebhookSecret> next = new ArrayList<>();
            next.add(newSecret(null));
            if (existing != null && !existing.isEmpty() && existing.get(0).validAt(now)) {
                WebhookSecret previous = existing.get(0);
                next.add(new WebhookSecret(previous.secret(), previous.createdAt(), now.plus(overlap)));
            }
            return List.copyOf(next);
        })));
    }

    private List<WebhookSecret> valid(List<WebhookSecret> secrets) {
        Instant now = clock.instant();
        return secrets.stream().filter(secret -> secret.validAt(now)).toList();
    }

    private WebhookSecret newSecret(Instant expiresAt) {
        return new WebhookSecret(minter.mint(), clock.instant(), expiresAt);
    }
}
