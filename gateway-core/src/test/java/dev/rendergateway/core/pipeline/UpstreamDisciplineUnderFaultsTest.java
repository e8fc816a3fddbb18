package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.upstream.Json2VideoClientConfig;
import dev.rendergateway.core.upstream.ReactorNettyJson2VideoClient;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.MovieState;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.faults.FaultPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The whole path over real HTTP against a misbehaving sandbox: 200 renders, 10 % of requests answered 429
 * and 5 % dropped after the request was read. Every render ends done, each created upstream exactly once (the
 * lost answers are reconciled through list mode), and the upstream never sees more than the budget in any
 * sliding second.
 */
class UpstreamDisciplineUnderFaultsTest {

    private static final int RENDERS = 200;
    private static final int RATE = 100;
    private static final int WARM_UP = 100;

    private final Json2VideoSandbox sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
            .renderTime(Duration.ofMillis(300))
            .pendingTime(Duration.ofMillis(50))
            .build());
    private final Scheduler scheduler = Schedulers.parallel();
    private final InMemoryRenderStore store = new InMemoryRenderStore();
    private final InMemoryRenderEvents events = new InMemoryRenderEvents();
    private final LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(RATE), scheduler);
    private final RenderPipeline pipeline = new RenderPipeline(store, events,
            new GuardedUpstream(
                    new ReactorNettyJson2VideoClient(
                            Json2VideoClientConfig.custom(sandbox.baseUrl(), sandbox.apiKey()).build(),
                            GatewayObjectMapper.create(), Clock.systemUTC()),
                    budget,
                    UpstreamCircuitBreaker.create(Duration.ofSeconds(30), new SchedulerClock(scheduler)),
                    scheduler, GuardedUpstream.StatusRetry.defaults()),
            new FairSubmissionQueue(QueueConfig.defaults(), RATE, System::nanoTime),
            PipelineConfig.custom()
                    .pollInterval(Duration.ofMillis(100))
                    .renderTimeout(Duration.ofMinutes(2))
                    .submitRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .reconciliation(ReconcileConfig.of(Duration.ofSeconds(3)))
                    .build(),
            scheduler);

    @AfterEach
    void stop() {
        pipeline.dispose();
        budget.dispose();
        sandbox.close();
    }

    @Test
    void everyRenderCostsAtMostOneUpstreamRenderAndTheBudgetHoldsUnderFaults() {
        pipeline.start();
        // Warm up first (as any benchmark does): run cold, this JVM's JIT pauses its own in-process sandbox for
        // tens of milliseconds, so that requests sent a budget's spacing apart arrive bunched. Then measure.
        awaitTheirEnd(-WARM_UP, 0);
        sandbox.counters().reset();
        sandbox.requests().clear();
        sandbox.faults().plan(FaultPlan.none()
                .withRateLimited(0.10)
                .withRetryAfter(Duration.ZERO)
                .withDropAfterRead(0.05));

        List<Render> ended = awaitTheirEnd(0, RENDERS);

        assertThat(ended).as("every render, lost answers included, ends done")
                .allSatisfy(render -> assertThat(render.status()).isEqualTo(RenderStatus.DONE));
        assertThat(sandbox.counters().rejected429()).as("some requests were refused with 429").isPositive();
        assertThat(sandbox.requests().listReads())
                .as("some POSTs were dropped after the request and looked up in list mode")
                .isPositive();
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(RENDERS);
        assertThat(timesEachRenderWasCreatedUpstream()).hasSize(RENDERS)
                .allSatisfy((n, times) -> assertThat(times).isEqualTo(1));
        assertThat(sandbox.counters().maxRequestsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(RATE);
        assertThat(pipeline.activePollers()).isZero();
        for (Lane lane : Lane.values()) {
            assertThat(budget.waiting(lane)).isZero();
        }
    }

    /** Accepts the renders numbered {@code from} (inclusive) to {@code to} and waits for each one's end. */
    private List<Render> awaitTheirEnd(int from, int to) {
        Flux<Render> endings = events.ofTenant("acme")
                .map(event -> event.render())
                .filter(Render::isTerminal)
                .take(to - from)
                .cache();
        endings.subscribe();
        Flux.range(from, to - from)
                .concatMap(n -> pipeline.accept("acme", new RenderRequest(movie(n), null, null)))
                .blockLast(Duration.ofSeconds(10));
        return endings.collectList().block(Duration.ofSeconds(90));
    }

    /** For each render (by the number its movie carries), how many renders the sandbox created for it. */
    private Map<Integer, Long> timesEachRenderWasCreatedUpstream() {
        return sandbox.engine().projects().stream()
                .map(project -> sandbox.engine().status(project).orElseThrow())
                .map(MovieState::clientData)
                .map(data -> data.get("n").asInt())
                .filter(n -> n >= 0)
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    }

    private static ObjectNode movie(int n) {
        ObjectNode movie = Movies.hello();
        movie.putObject("client-data").put("n", n);
        return movie;
    }

}
