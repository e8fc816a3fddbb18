package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Fair turns between tenants, bounded queues and in-flight limits, under virtual time. */
class FairQueueingTest {

    private static final PipelineConfig POLL_EVERY_5S = PipelineConfig.custom()
            .pollInterval(Duration.ofSeconds(5))
            .renderTimeout(Duration.ofHours(12))
            .build();

    private PipelineHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aLoneRenderOfAnotherTenantOvertakesABacklogOf5000() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 5).start();
        List<RenderEvent> submissions = new CopyOnWriteArrayList<>();
        Disposable acme = harness.events.ofTenant("acme").filter(this::isSubmitting).subscribe(submissions::add);
        Disposable zeta = harness.events.ofTenant("zeta").filter(this::isSubmitting).subscribe(submissions::add);
        for (int i = 0; i < 5_000; i++) {
            accept("acme");
        }
        harness.advance(Duration.ofSeconds(10));
        int before = submissions.size();

        Render lone = accept("zeta");
        harness.advance(Duration.ofSeconds(5));

        int position = indexOf(submissions, lone.id());
        assertThat(position).isGreaterThanOrEqualTo(before);
        // Submissions share the budget with polls (2 : 2 : 1), so "the next turn" is within a few slots.
        assertThat(position - before).as("acme submissions that went before zeta's").isLessThanOrEqualTo(1);
        assertThat(harness.queue.size("acme")).isGreaterThan(4_000);
        acme.dispose();
        zeta.dispose();
    }

    @Test
    void submitsEachOfManyRendersExactlyOnce() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 50).start();
        for (int i = 0; i < 200; i++) {
            accept(i % 2 == 0 ? "acme" : "zeta");
        }

        harness.advance(Duration.ofMinutes(10));

        assertThat(harness.upstream.submits()).isEqualTo(200);
        assertThat(harness.upstream.engine().size()).isEqualTo(200);
        assertThat(harness.queue.size()).isZero();
    }

    @Test
    void refusesRendersPastTheTenantsQueueLimitAndStoresNothingOfThem() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 5, new QueueConfig(8, 5, 0));
        for (int i = 0; i < 5; i++) {
            accept("acme");
        }

        AdmissionRefusedException refused = catchThrowableOfType(AdmissionRefusedException.class,
                () -> accept("acme"));

        assertThat(refused.getMessage()).contains("Your queue is full");
        assertThat(refused.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(harness.store.list("acme", null, null, 100).count().block()).isEqualTo(5);
        assertThat(accept("zeta").status()).isEqualTo(RenderStatus.QUEUED);
    }

    @Test
    void refusesRendersPastTheGlobalQueueLimit() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 5, new QueueConfig(8, 5, 0));
        for (int i = 0; i < 4; i++) {
            accept("acme");
            accept("zeta");
        }

        AdmissionRefusedException refused = catchThrowableOfType(AdmissionRefusedException.class,
                () -> accept("omega"));

        assertThat(refused.getMessage()).contains("gateway's queue is full");
        assertThat(harness.store.list("omega", null, null, 100).count().block()).isZero();
    }

    @Test
    void makesRoomAgainAsTheQueueDrains() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 5, new QueueConfig(8, 5, 0)).start();
        for (int i = 0; i < 5; i++) {
            accept("acme");
        }

        harness.advance(Duration.ofSeconds(2));

        assertThat(accept("acme").status()).isEqualTo(RenderStatus.QUEUED);
    }

    @Test
    void keepsATenantWithinItsInFlightLimit() {
        harness = PipelineHarness.create(Duration.ofSeconds(30), POLL_EVERY_5S, 50, new QueueConfig(100, 100, 2))
                .start();
        for (int i = 0; i < 5; i++) {
            accept("acme");
        }

        harness.advance(Duration.ofSeconds(10));
        assertThat(running("acme")).isEqualTo(2);
        assertThat(harness.queue.size("acme")).isEqualTo(3);
        harness.advance(Duration.ofMinutes(3));

        assertThat(harness.store.list("acme", RenderStatus.DONE, null, 100).count().block()).isEqualTo(5);
    }

    private long running(String tenant) {
        return harness.store.list(tenant, RenderStatus.RUNNING, null, 100).count().block();
    }

    private boolean isSubmitting(RenderEvent event) {
        return event.render().status() == RenderStatus.SUBMITTING;
    }

    private static int indexOf(List<RenderEvent> events, String renderId) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).render().id().equals(renderId)) {
                return i;
            }
        }
        return -1;
    }

    private Render accept(String tenant) {
        return harness.pipeline.accept(tenant, new RenderRequest(Movies.hello(), null, null)).block();
    }
}
