package dev.rendergateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.pipeline.FairSubmissionQueue;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.QueueConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxEngine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A whole render pipeline in virtual time: in-memory store and events, the sandbox engine as upstream
 * (with its fault injection), a real budget and circuit breaker. Not started until {@link #start()}.
 */
public final class PipelineHarness implements AutoCloseable {

    public static final String TENANT = "acme";

    public final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    public final InMemoryRenderStore store = new InMemoryRenderStore();
    /** The store as the pipeline sees it: answers can be made to go missing. */
    public final UnansweringRenderStore storeFaults = new UnansweringRenderStore(store);
    public final InMemoryRenderEvents events = new InMemoryRenderEvents();
    public final SandboxEngineClient upstream;
    public final LocalUpstreamBudget budget;
    public final CircuitBreaker breaker;
    public final FairSubmissionQueue queue;
    public final RenderPipeline pipeline;

    private PipelineHarness(Duration renderTime, PipelineConfig config, double rate, QueueConfig queueConfig) {
        upstream = new SandboxEngineClient(new SandboxEngine(SandboxConfig.custom()
                .clock(new SchedulerClock(time))
                .renderTime(renderTime)
                .pendingTime(Duration.ofSeconds(2))
                .build()));
        budget = new LocalUpstreamBudget(BudgetConfig.of(rate), time, () -> time.now(TimeUnit.NANOSECONDS));
        breaker = UpstreamCircuitBreaker.create(Duration.ofSeconds(30), new SchedulerClock(time));
        queue = new FairSubmissionQueue(queueConfig, rate, () -> time.now(TimeUnit.NANOSECONDS));
        pipeline = new RenderPipeline(storeFaults, events,
                new GuardedUpstream(upstream, budget, breaker, time, GuardedUpstream.StatusRetry.defaults()),
                queue, config, time);
    }

    /** Sandbox renders take {@code renderTime}; the pipeline polls every 5 s and gives up after 10 min. */
    public static PipelineHarness create(Duration renderTime) {
        return create(renderTime, PipelineConfig.custom()
                .pollInterval(Duration.ofSeconds(5))
                .renderTimeout(Duration.ofMinutes(10))
                .build(), 1_000);
    }

    public static PipelineHarness create(Duration renderTime, PipelineConfig config, double rate) {
        return create(renderTime, config, rate, QueueConfig.defaults());
    }

    public static PipelineHarness create(Duration renderTime, PipelineConfig config, double rate,
                                         QueueConfig queueConfig) {
        return new PipelineHarness(renderTime, config, rate, queueConfig);
    }

    public PipelineHarness start() {
        pipeline.start();
        return this;
    }

    /** Accepts a render of the movie for {@link #TENANT}. */
    public Render accept(JsonNode movie) {
        return pipeline.accept(TENANT, new RenderRequest(movie, null, null)).block();
    }

    /** The render as stored now. */
    public Render current(Render render) {
        return store.find(render.id()).block();
    }

    public void advance(Duration by) {
        time.advanceTimeBy(by);
    }

    @Override
    public void close() {
        pipeline.dispose();
        budget.dispose();
        time.dispose();
    }
}
