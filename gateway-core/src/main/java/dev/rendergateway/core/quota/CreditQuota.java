package dev.rendergateway.core.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The daily credit limits of {@code GATEWAY_CREDIT_QUOTAS}: a tenant is admitted while the credits its renders
 * consumed this UTC day are below its limit; tenants without a limit always are. Renders already accepted
 * run on whatever they cost, so a tenant can end a day somewhat past its limit, never start a render past it.
 */
public final class CreditQuota {

    private final Map<String, Double> limits;
    private final CreditLedger ledger;
    private final Clock clock;

    public CreditQuota(Map<String, Double> limits, CreditLedger ledger, Clock clock) {
        this.limits = Map.copyOf(limits);
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A tenant's day as {@code GET /v1/usage} reports it. */
    public record UsageReport(String tenant, LocalDate period, DailyUsage usage, Double limit) {
    }

    /** Completes when the tenant may submit; fails with {@link QuotaExceededException} once its credits are spent. */
    public Mono<Void> check(String tenant) {
        Double limit = limits.get(tenant);
        if (limit == null) {
            return Mono.empty();
        }
        return ledger.usage(tenant, today()).flatMap(usage -> usage.credits() < limit
                ? Mono.<Void>empty()
                : Mono.error(new QuotaExceededException("Tenant " + tenant + " has consumed " + amount(usage.credits())
                        + " of its " + amount(limit) + " credits for " + today() + " (UTC); new renders are accepted"
                        + " again from 00:00 UTC.", untilTomorrow())));
    }

    /** The tenant's credits and renders this UTC day, with its limit (null without one). */
    public Mono<UsageReport> usage(String tenant) {
        LocalDate today = today();
        return ledger.usage(tenant, today).map(usage -> new UsageReport(tenant, today, usage, limits.get(tenant)));
    }

    /** The current UTC day. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** How long until the next UTC midnight, when every tenant's credits start again from zero. */
    public Duration untilTomorrow() {
        return Duration.between(clock.instant(), today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static String amount(double credits) {
        return credits == Math.rint(credits) ? Long.toString((long) credits) : Double.toString(credits);
    }
}
