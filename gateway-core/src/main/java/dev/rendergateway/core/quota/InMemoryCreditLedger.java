package dev.rendergateway.core.quota;

import dev.rendergateway.core.render.RenderStatus;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;

/**
 * The embedded default {@link CreditLedger}: counters in this process's memory. Days before yesterday are
 * dropped once a later day is recorded, so memory stays bounded by tenants, not by time.
 */
public final class InMemoryCreditLedger implements CreditLedger {

    private final ConcurrentMap<TenantDay, Counters> days = new ConcurrentHashMap<>();
    private volatile LocalDate newest = LocalDate.MIN;

    @Override
    public Mono<Void> recordAccepted(String tenant, LocalDate day) {
        return Mono.fromRunnable(() -> counters(tenant, day).count("accepted"));
    }

    @Override
    public Mono<Void> recordFinished(String tenant, LocalDate day, RenderStatus status, double credits) {
        return Mono.fromRunnable(() -> {
            Counters counters = counters(tenant, day);
            counters.credits.add(credits);
            counters.count(status.wireName());
        });
    }

    @Override
    public Mono<DailyUsage> usage(String tenant, LocalDate day) {
        return Mono.fromSupplier(() -> {
            Counters counters = days.get(new TenantDay(tenant, day));
            return counters == null ? DailyUsage.none() : counters.snapshot();
        });
    }

    private Counters counters(String tenant, LocalDate day) {
        if (day.isAfter(newest)) {
            newest = day;
            days.keySet().removeIf(key -> key.day().isBefore(day.minusDays(1)));
        }
        return days.computeIfAbsent(new TenantDay(tenant, day), key -> new Counters());
    }

    /** The key of one tenant's day. */
    private record TenantDay(String tenant, LocalDate day) {
    }

    /** One tenant's day, added to from any thread. */
    private static final class Counters {
        final DoubleAdder credits = new DoubleAdder();
        final ConcurrentMap<String, LongAdder> renders = new ConcurrentHashMap<>();

        void count(String name) {
            renders.computeIfAbsent(name, key -> new LongAdder()).increment();
        }

        DailyUsage snapshot() {
            Map<String, Long> counts = new ConcurrentHashMap<>();
            renders.forEach((name, count) -> counts.put(name, count.sum()));
            return new DailyUsage(credits.sum(), counts);
        }
    }
}
