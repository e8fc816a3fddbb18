package dev.rendergateway.core.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/**
 * {@link PollLeases} in memory, with the Redis semantics: one {@link Table} shared by the "instances" of a
 * spec (or the single instance of an in-memory gateway), leases expiring by the given clock.
 */
public final class InMemoryPollLeases implements PollLeases {

    private final Table table;
    private final LeaseTerms terms;

    public InMemoryPollLeases(Table table, String owner, Duration ttl) {
        this.table = table;
        this.terms = new LeaseTerms(owner, ttl);
    }

    /** The leases of a gateway that runs alone: a table of its own, 30 s leases. */
    public static InMemoryPollLeases solo(Clock clock) {
        return new InMemoryPollLeases(new Table(clock), "solo", Duration.ofSeconds(30));
    }

    @Override
    public LeaseTerms terms() {
        return terms;
    }

    @Override
    public Mono<Boolean> acquire(String renderId) {
        return Mono.fromSupplier(() -> table.take(renderId, terms));
    }

    @Override
    public Mono<Set<String>> renew(Collection<String> renderIds) {
        return Mono.fromSupplier(() -> {
            Set<String> lost = new HashSet<>();
            renderIds.forEach(id -> {
                if (!table.take(id, terms)) {
                    lost.add(id);
                }
            });
            return lost;
        });
    }

    @Override
    public Mono<Void> release(String renderId) {
        return Mono.fromRunnable(() -> table.leases.computeIfPresent(renderId,
                (id, lease) -> lease.owner().equals(terms.owner()) ? null : lease));
    }

    /** The leases of every instance sharing it. */
    public static final class Table {
        private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
        private final Clock clock;

        public Table(Clock clock) {
            this.clock = clock;
        }

        /** Who holds the render's lease now; null if nobody. */
        public String holder(String renderId) {
            Lease lease = leases.get(renderId);
            return lease == null || lease.expiresAt() <= clock.millis() ? null : lease.owner();
        }

        boolean take(String renderId, LeaseTerms terms) {
            long now = clock.millis();
            Lease next = new Lease(terms.owner(), now + terms.ttl().toMillis());
            Lease result = leases.compute(renderId, (id, lease) ->
                    lease == null || lease.owner().equals(terms.owner()) || lease.expiresAt() <= now ? next : lease);
            return result == next;
        }
    }

    private record Lease(String owner, long expiresAt) {
    }
}
