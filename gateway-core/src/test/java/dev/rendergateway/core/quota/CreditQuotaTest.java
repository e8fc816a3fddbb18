package dev.rendergateway.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.testkit.MutableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Daily credit limits per tenant, on an in-memory ledger booked by the metering store, under a hand-moved clock. */
class CreditQuotaTest {

    private final MutableClock clock = MutableClock.at("2025-05-28T22:00:00Z");
    private final InMemoryCreditLedger ledger = new InMemoryCreditLedger();
    private final CreditMeteringStore store = new CreditMeteringStore(new InMemoryRenderStore(), ledger, clock);
    private final CreditQuota quota = new CreditQuota(Map.of("acme", 10.0), ledger, clock);

    @Test
    void aTenantIsAdmittedWhileItsCreditsAreBelowItsLimitAndRefusedUntilMidnightOnceTheyReachIt() {
        finish("r_1", "acme", 6.0);
        assertThat(quota.check("acme").block()).as("6 of 10 credits: still admitted").isNull();

        finish("r_2", "acme", 4.0);
        QuotaExceededException refused = catchThrowableOfType(QuotaExceededException.class,
                () -> quota.check("acme").block());

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(refused.getMessage()).contains("10 of its 10 credits", "2025-05-28");
    }

    @Test
    void otherTenantsAndTenantsWithoutALimitAreUntouched() {
        finish("r_1", "acme", 50.0);
        finish("r_2", "zeta", 50.0);

        assertThat(catchThrowableOfType(QuotaExceededException.class, () -> quota.check("acme").block())).isNotNull();
        assertThat(quota.check("zeta").block()).isNull();
    }

    @Test
    void theNextUtcDayStartsFromZero() {
        finish("r_1", "acme", 10.0);
        clock.advance(Duration.ofHours(2));

        assertThat(quota.check("acme").block()).isNull();
        CreditQuota.UsageReport report = quota.usage("acme").block();
        assertThat(report.period()).isEqualTo(LocalDate.parse("2025-05-29"));
        assertThat(report.usage().credits()).isZero();
        assertThat(report.limit()).isEqualTo(10.0);
    }

    @Test
    void aRenderIsBookedOnceWhenItEndsAndAgainNeverWhateverWritesFollow() {
        Render done = finish("r_1", "acme", 3.0);
        store.compareAndSet(done, done.withCredits(3.0)).block();
        Render cancelled = store.insert(queued("r_2", "acme")).block();
        store.compareAndSet(cancelled, cancelled.cancelled(clock.instant())).block();

        CreditQuota.UsageReport report = quota.usage("acme").block();

        assertThat(report.usage().credits()).isEqualTo(3.0);
        assertThat(report.usage().renders()).containsExactly(Map.entry("accepted", 2L), Map.entry("done", 1L),
                Map.entry("error", 0L), Map.entry("timeout", 0L), Map.entry("cancelled", 1L));
    }

    @Test
    void aFailedRenderCountsWhatTheUpstreamCharged() {
        Render running = store.insert(queued("r_1", "acme")).block();
        store.compareAndSet(running, running.failed(RenderStatus.ERROR,
                new RenderError(RenderError.RENDER_FAILED, "boom"), clock.instant()).withCredits(2.0)).block();

        DailyUsage usage = quota.usage("acme").block().usage();

        assertThat(usage.credits()).isEqualTo(2.0);
        assertThat(usage.renders()).containsEntry("error", 1L);
    }

    private Render finish(String id, String tenant, double credits) {
        Render queued = store.insert(queued(id, tenant)).block();
        return store.compareAndSet(queued, queued.done("https://v/" + id + ".mp4", null, credits, clock.instant())
                .withCredits(credits)).block();
    }

    private Render queued(String id, String tenant) {
        return Render.queued(id, tenant, new RenderRequest(Movies.hello(), null, null), clock.instant());
    }
}
