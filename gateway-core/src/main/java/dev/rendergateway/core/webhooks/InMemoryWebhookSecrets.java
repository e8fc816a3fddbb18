package dev.rendergateway.core.webhooks;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** The embedded default {@link WebhookSecrets}: in this process's memory, new secrets after a restart. */
public final class InMemoryWebhookSecrets implements WebhookSecrets {

    private final ConcurrentMap<String, List<WebhookSecret>> byTenant = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration overlap;
    /** Seeded once here: the default SecureRandom reads /dev/urandom on each call, on whichever event loop. */
    private final SecureRandom random;

    public InMemoryWebhookSecrets(Clock clock, Duration overlap) {
        this.clock = clock;
        this.overlap = overlap;
        try {
            this.random = SecureRandom.getInstance("DRBG");
            this.random.nextInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without a DRBG SecureRandom", e);
        }
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
        byte[] key = new byte[32];
        synchronized (random) {
            random.nextBytes(key);
        }
        return new WebhookSecret("whsec_" + Base64.getEncoder().encodeToString(key), clock.instant(), expiresAt);
    }
}
