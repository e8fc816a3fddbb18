package dev.rendergateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.resilience.BudgetSlot;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.resilience.UpstreamBudget;
import dev.rendergateway.core.store.ForwardingRenderStore;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.webhooks.InMemoryDeliveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The metrics the alert rules of deploy/prometheus need beyond the ones every other spec reads: how long renders
 * wait in the queue, how saturated the upstream budget is, whether the store (Redis) answers, and how many file
 * descriptors the process holds against its limit.
 */
class OperatingMetricsTest {

    private static final Instant ACCEPTED = Instant.parse("2026-05-28T10:00:00Z");

    private final GatewayMetrics metrics = GatewayMetrics.create(Set.of("acme"));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aRenderLeavingTheQueueRecordsHowLongItWaitedSinceItWasAccepted() {
        MeteredRenderStore store = new MeteredRenderStore(new InMemoryRenderStore(), metrics);
        Render queued = store.insert(Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null),
                ACCEPTED)).block();

        store.compareAndSet(queued, queued.submitting(ACCEPTED.plusSeconds(42))).block();

        String scrape = metrics.scrape();
        assertThat(scrape)
                .contains("gateway_queue_wait_seconds_count{tenant=\"acme\"} 1")
                .contains("gateway_queue_wait_seconds_sum{tenant=\"acme\"} 42.0")
                .contains("gateway_queue_wait_seconds_bucket{tenant=\"acme\",le=\"30.0\"} 0")
                .contains("gateway_queue_wait_seconds_bucket{tenant=\"acme\",le=\"60.0\"} 1");
    }

    @Test
    void onlyTheStepFromQueuedToSubmittingCountsAsWaiting() {
        MeteredRenderStore store = new MeteredRenderStore(new InMemoryRenderStore(), metrics);
        Render queued = store.insert(Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null),
                ACCEPTED)).block();
        Render submitting = store.compareAndSet(queued, queued.submitting(ACCEPTED.plusSeconds(3))).block();

        store.compareAndSet(submitting, submitting.running("p_1", ACCEPTED.plusSeconds(4))).block();

        assertThat(metrics.scrape()).contains("gateway_queue_wait_seconds_count{tenant=\"acme\"} 1");
    }

    @Test
    void theBudgetShowsItsConfiguredRateAndWhatWaitsForASlotPerLane() {
        metrics.bindBudget(new WaitingBudget(Map.of(Lane.SUBMIT, 3, Lane.WATCHED_POLL, 0, Lane.BACKGROUND_POLL, 7)),
                5);

        assertThat(metrics.scrape())
                .contains("gateway_upstream_budget_per_second 5.0")
                .contains("gateway_upstream_budget_waiting{lane=\"submit\"} 3.0")
                .contains("gateway_upstream_budget_waiting{lane=\"watched_poll\"} 0.0")
                .contains("gateway_upstream_budget_waiting{lane=\"background_poll\"} 7.0");
    }

    @Test
    void theStoreIsUpWhileItAnswersItsPingAndDownWithinOnePeriodOnceItStops() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        AtomicBoolean answering = new AtomicBoolean(true);
        StoreProbe probe = metrics.bindStore(new ForwardingRenderStore(new InMemoryRenderStore()) {
            @Override
            public Mono<Void> ping() {
                return answering.get() ? Mono.empty() : Mono.never();
            }
        }, "redis", time);
        try {
            time.advanceTime();
            assertThat(metrics.scrape()).contains("gateway_store_up{kind=\"redis\"} 1.0");

            answering.set(false);
            time.advanceTimeBy(StoreProbe.PERIOD.plus(StoreProbe.TIMEOUT));
            assertThat(metrics.scrape()).contains("gateway_store_up{kind=\"redis\"} 0.0");

            answering.set(true);
            time.advanceTimeBy(StoreProbe.PERIOD);
            assertThat(metrics.scrape()).contains("gateway_store_up{kind=\"redis\"} 1.0");
        } finally {
            probe.dispose();
            time.dispose();
        }
    }

    @Test
    void theProcessReportsItsOpenFileDescriptorsAndTheirLimit() {
        String scrape = metrics.scrape();

        assertThat(scrape).containsPattern("(?m)^process_files_open_files [1-9]")
                .containsPattern("(?m)^process_files_max_files [1-9]");
    }

    @Test
    void everyWebhookAttemptOutcomeIsThereAtZeroBeforeTheFirstAttempt() {
        new MeteredDeliveryStore(new InMemoryDeliveryStore(), metrics);

        assertThat(MeteredDeliveryStore.OUTCOMES).allSatisfy(outcome -> assertThat(metrics.scrape())
                .contains("gateway_webhook_attempts_total{outcome=\"" + outcome + "\"} 0.0"));
    }

    /** A budget in which a fixed number of requests wait in each lane. */
    private record WaitingBudget(Map<Lane, Integer> waiting) implements UpstreamBudget {

        @Override
        public Mono<BudgetSlot> slot(Lane lane) {
            return Mono.never();
        }

        @Override
        public void pause(Duration wait) {
        }

        @Override
        public int waiting(Lane lane) {
            return waiting.get(lane);
        }
    }
}
