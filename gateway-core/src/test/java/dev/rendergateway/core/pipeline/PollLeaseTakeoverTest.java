package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.SandboxEngineClient;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.upstream.MovieTag;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Poll leases in virtual time: two instances share a store, an event log and a lease table; one render is
 * polled by one instance at a time, and a surviving instance takes over a dead one's renders within the
 * lease time plus one poll interval, never sending blindly a submission that may have arrived.
 */
class PollLeaseTakeoverTest {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SchedulerClock clock = new SchedulerClock(time);
    private final InMemoryRenderStore store = new InMemoryRenderStore();
    private final InMemoryRenderEvents events = new InMemoryRenderEvents();
    private final InMemoryPollLeases.Table leases = new InMemoryPollLeases.Table(clock);
    private final SandboxEngineClient upstream = new SandboxEngineClient(new SandboxEngine(SandboxConfig.custom()
            .clock(clock).renderTime(Duration.ofSeconds(60)).pendingTime(Duration.ofSeconds(1)).build()));
    private final List<LocalUpstreamBudget> budgets = new ArrayList<>();
    private final List<RenderPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void stop() {
        pipelines.forEach(RenderPipeline::dispose);
        budgets.forEach(LocalUpstreamBudget::dispose);
        time.dispose();
    }

    @Test
    void aSurvivingInstanceTakesOverPollingWithinTheLeaseTimePlusOnePollInterval() {
        RenderPipeline a = instance("a");
        RenderPipeline b = instance("b");
        Render render = a.accept("acme", new RenderRequest(Movies.hello(), null, null)).block();
        time.advanceTimeBy(Duration.ofSeconds(12));
        assertThat(store.find(render.id()).block().status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(leases.holder(render.id())).isEqualTo("a");
        assertThat(a.activePollers()).isEqualTo(1);
        assertThat(b.activePollers()).isZero();

        a.dispose();
        time.advanceTimeBy(LEASE.plus(POLL));

        assertThat(leases.holder(render.id())).isEqualTo("b");
        assertThat(b.activePollers()).isEqualTo(1);
        time.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(store.find(render.id()).block().status()).isEqualTo(RenderStatus.DONE);
        assertThat(upstream.submits()).isEqualTo(1);
        assertThat(b.activePollers()).isZero();
        assertThat(leases.holder(render.id())).isNull();
    }

    @Test
    void oneInstanceAlonepollsARenderWhileItsLeaseIsRenewed() {
        RenderPipeline a = instance("a");
        RenderPipeline b = instance("b");
        Render render = a.accept("acme", new RenderRequest(Movies.hello(), null, null)).block();

        for (int second = 0; second < 50; second++) {
            time.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(a.activePollers() + b.activePollers()).isLessThanOrEqualTo(1);
        }

        assertThat(b.activePollers()).isZero();
        assertThat(leases.holder(render.id())).isEqualTo("a");
        // One loop's worth of status checks: about one per poll interval since it started running.
        assertThat(upstream.statusChecks()).isBetween(8L, 11L);
    }

    @Test
    void aRenderLeftInSubmittingByADeadInstanceWhosePostArrivedIsAdoptedNotSentAgain() {
        Render submitting = leftInSubmitting("r_1");
        String project = upstream.engine().create(MovieTag.tagged(submitting.movie(), "r_1"));

        instance("b");
        time.advanceTimeBy(POLL.plus(ReconcileConfig.defaults().readInterval()));

        Render adopted = store.find("r_1").block();
        assertThat(adopted.status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(adopted.project()).isEqualTo(project);
        time.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.DONE);
        assertThat(upstream.submits()).isZero();
        assertThat(upstream.engine().size()).isOne();
    }

    @Test
    void aRenderLeftInSubmittingByADeadInstanceWhosePostNeverArrivedIsSentOnceAfterTheWindow() {
        leftInSubmitting("r_1");

        instance("b");
        time.advanceTimeBy(POLL.plus(Duration.ofSeconds(100)));
        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.SUBMITTING);
        assertThat(upstream.submits()).isZero();
        time.advanceTimeBy(Duration.ofSeconds(40));

        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(upstream.submits()).isOne();
        assertThat(upstream.engine().size()).isOne();
    }

    private Render leftInSubmitting(String id) {
        Render queued = store.insert(Render.queued(id, "acme", new RenderRequest(Movies.hello(), null, null),
                clock.instant())).block();
        return store.compareAndSet(queued, queued.submitting(clock.instant())).block();
    }

    @Test
    void aRenderBeingSubmittedByALiveInstanceIsLeftAlone() {
        Render queued = store.insert(Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null),
                clock.instant())).block();
        store.compareAndSet(queued, queued.submitting(clock.instant())).block();
        new InMemoryPollLeases(leases, "a", LEASE).acquire("r_1").block();

        instance("b");
        time.advanceTimeBy(LEASE.minusSeconds(1));

        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.SUBMITTING);
    }

    private RenderPipeline instance(String name) {
        LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(100), time,
                () -> time.now(TimeUnit.NANOSECONDS));
        budgets.add(budget);
        RenderPipeline pipeline = new RenderPipeline(store, events,
                new GuardedUpstream(upstream, budget, UpstreamCircuitBreaker.create(Duration.ofSeconds(30), clock),
                        time, GuardedUpstream.StatusRetry.defaults()),
                new FairSubmissionQueue(QueueConfig.defaults(), 100, () -> time.now(TimeUnit.NANOSECONDS)),
                new InMemoryPollLeases(leases, name, LEASE),
                PipelineConfig.custom().pollInterval(POLL).renderTimeout(Duration.ofMinutes(10)).build(), time);
        pipelines.add(pipeline);
        return pipeline.start();
    }
}
