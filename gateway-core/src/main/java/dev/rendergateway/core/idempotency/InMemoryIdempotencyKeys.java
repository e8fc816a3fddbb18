package dev.rendergateway.core.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * The embedded default {@link IdempotencyKeys}: keys in this process's memory for {@code ttl} after their
 * first use. Expired keys are dropped when next touched, and swept every few thousand new keys.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    private static final int SWEEP_EVERY = 4_096;

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    public InMemoryIdempotencyKeys(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Mono<IdempotencyClaim> begin(String tenant, String key, String fingerprint) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            AtomicReference<IdempotencyClaim> claim = new AtomicReference<>(IdempotencyClaim.reserved());
            entries.compute(id(tenant, key), (id, existing) -> {
                if (existing == null || existing.expiresAt().isBefore(now)) {
                    return new Entry(fingerprint, null, now.plus(ttl));
                }
                claim.set(existing.claimFor(fingerprint));
                return existing;
            });
            if (claim.get().outcome() == IdempotencyClaim.Outcome.RESERVED) {
                sweepNowAndThen(now);
            }
            return claim.get();
        });
    }

    @Override
    public Mono<Void> complete(String tenant, String key, String renderId) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(id(tenant, key),
                (id, entry) -> new Entry(entry.fingerprint(), renderId, entry.expiresAt())));
    }

    @Override
    public Mono<Void> release(String tenant, String key) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(id(tenant, key),
                (id, entry) -> entry.renderId() == null ? null : entry));
    }

    /** How many keys are held; for tests. */
    public int size() {
        return entries.size();
    }

    private void sweepNowAndThen(Instant now) {
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            entries.values().removeIf(entry -> entry.expiresAt().isBefore(now));
        }
    }

    private static String id(String tenant, String key) {
        return tenant + '\u0000' + key;
    }

    /** A key's first request: its body's fingerprint and, once accepted, its render. */
    private record Entry(String fingerprint, String renderId, Instant expiresAt) {

        IdempotencyClaim claimFor(String otherFingerprint) {
            if (!fingerprint.equals(otherFingerprint)) {
                return IdempotencyClaim.mismatch();
            }
            return renderId == null ? IdempotencyClaim.inProgress() : IdempotencyClaim.replay(renderId);
        }
    }
}
