package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The no-double-charge rules and polls that always end, in virtual time against the sandbox engine. */
class SubmissionDisciplineTest {

    private final PipelineHarness harness = PipelineHarness.create(Duration.ofSeconds(30)).start();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void whileTheBreakerIsOpenRendersStayQueuedAndNothingIsSent() {
        harness.breaker.transitionToOpenState();

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(29));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.QUEUED);
        assertThat(harness.upstream.submits()).isZero();
        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isEqualTo(1);
    }

    @Test
    void aClaimTheStoreWroteButNeverConfirmedIsSubmittedOnceAndNotLeftHanging() {
        harness.storeFaults.landWithoutAnswer(RenderStatus.SUBMITTING, 1);

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(5));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isEqualTo(1);
        harness.advance(Duration.ofMinutes(1));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
    }

    @Test
    void aClaimTheStoreNeverWroteIsClaimedAgainOnceTheStoreAnswers() {
        harness.storeFaults.loseWrites(RenderStatus.SUBMITTING, 3);

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(5));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isEqualTo(1);
        assertThat(harness.upstream.engine().size()).isEqualTo(1);
    }

    @Test
    void resendsASubmissionTheUpstreamRefusedWith429AfterItsRetryAfter() {
        harness.upstream.faults().plan(FaultPlan.none().withRetryAfter(Duration.ofSeconds(3)));
        harness.upstream.faults().next(Fault.RATE_LIMITED, Fault.RATE_LIMITED);

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(5));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.SUBMITTING);
        harness.advance(Duration.ofSeconds(2));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isEqualTo(3);
        assertThat(harness.upstream.engine().size()).isEqualTo(1);
    }

    @Test
    void endsARenderTheUpstreamRefusesWithItsMessageAndNoRetry() {
        harness.upstream.faults().next(Fault.NOT_FOUND);

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofMinutes(1));

        Render ended = harness.current(render);
        assertThat(ended.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(ended.error().code()).isEqualTo(RenderError.REJECTED);
        assertThat(ended.error().message()).contains("Movie not found");
        assertThat(harness.upstream.submits()).isEqualTo(1);
    }

    @Test
    void endsInErrorAfterABoundedNumberOfRefusedStatusAnswersAndStopsPolling() {
        Render render = harness.accept(Movies.hello());
        harness.upstream.faults().plan(FaultPlan.none().withMethods("GET"));
        harness.upstream.faults().next(Fault.NOT_FOUND, Fault.NOT_FOUND, Fault.NOT_FOUND);

        harness.advance(Duration.ofSeconds(16));

        Render ended = harness.current(render);
        assertThat(ended.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(ended.error().code()).isEqualTo(RenderError.STATUS_UNAVAILABLE);
        long checks = harness.upstream.statusChecks();
        harness.advance(Duration.ofHours(1));
        assertThat(harness.upstream.statusChecks()).isEqualTo(checks);
        assertThat(harness.pipeline.activePollers()).isZero();
    }

    @Test
    void keepsPollingThroughGarbledAndFailedStatusAnswers() {
        harness.upstream.faults().plan(FaultPlan.none().withMethods("GET").withServerError(0.3).withRateLimited(0.1)
                .withRetryAfter(Duration.ZERO));
        Render render = harness.accept(Movies.hello());
        for (int i = 0; i < 10; i++) {
            harness.upstream.faults().next(Fault.UNPARSEABLE);
            harness.advance(Duration.ofSeconds(5));
        }

        harness.advance(Duration.ofMinutes(2));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
        assertThat(harness.pipeline.activePollers()).isZero();
    }

    @Test
    void timesOutARenderStillQueuedAtItsDeadlineWithoutSendingIt() {
        harness.breaker.transitionToForcedOpenState();

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofMinutes(11));
        harness.breaker.transitionToClosedState();
        harness.advance(Duration.ofSeconds(2));

        Render ended = harness.current(render);
        assertThat(ended.status()).isEqualTo(RenderStatus.TIMEOUT);
        assertThat(ended.error().code()).isEqualTo(RenderError.TIMED_OUT);
        assertThat(harness.upstream.submits()).isZero();
    }
}
