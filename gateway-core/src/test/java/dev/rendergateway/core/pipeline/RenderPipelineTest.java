package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderFeeds;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import dev.rendergateway.core.testing.SandboxEngineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The render path under virtual time, against the sandbox's render engine. */
class RenderPipelineTest {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration RENDER_TIME = Duration.ofSeconds(30);

    private PipelineHarness harness;
    private VirtualTimeScheduler time;
    private InMemoryRenderStore store;
    private InMemoryRenderEvents events;
    private SandboxEngineClient upstream;
    private RenderPipeline pipeline;

    @BeforeEach
    void start() {
        harness = PipelineHarness.create(RENDER_TIME);
        time = harness.time;
        store = harness.store;
        events = harness.events;
        upstream = harness.upstream;
        pipeline = harness.pipeline;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void takesARenderFromQueuedToDoneAndPublishesEveryChange() {
        List<RenderEvent> seen = new CopyOnWriteArrayList<>();
        Disposable watching = events.ofTenant("acme").subscribe(seen::add);
        pipeline.start();

        Render accepted = accept(Movies.hello());
        assertThat(accepted.status()).isEqualTo(RenderStatus.QUEUED);
        assertThat(current(accepted).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(current(accepted).project()).hasSize(16);

        time.advanceTimeBy(RENDER_TIME.plus(POLL));

        Render done = current(accepted);
        assertThat(done.status()).isEqualTo(RenderStatus.DONE);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.url()).endsWith("/movie.mp4");
        assertThat(seen).extracting(e -> e.render().status())
                .startsWith(RenderStatus.QUEUED, RenderStatus.SUBMITTING, RenderStatus.RUNNING)
                .endsWith(RenderStatus.DONE);
        assertThat(seen).extracting(RenderEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(seen).extracting(e -> e.render().progress()).isSorted();
        watching.dispose();
    }

    @Test
    void pollsOncePerRenderWhateverTheNumberOfWatchers() {
        pipeline.start();
        long unwatched = statusChecksToFinish(0);
        long watchedByOne = statusChecksToFinish(1);
        long watchedByAThousand = statusChecksToFinish(1_000);

        assertThat(unwatched).isEqualTo(RENDER_TIME.dividedBy(POLL));
        assertThat(watchedByOne).isEqualTo(unwatched);
        assertThat(watchedByAThousand).isEqualTo(unwatched);
    }

    @Test
    void stopsPollingOnceTheRenderHasEnded() {
        pipeline.start();
        Render render = accept(Movies.hello());
        time.advanceTimeBy(RENDER_TIME.plus(POLL));
        assertThat(current(render).isTerminal()).isTrue();
        long checks = upstream.statusChecks();

        time.advanceTimeBy(Duration.ofHours(2));

        assertThat(upstream.statusChecks()).isEqualTo(checks);
        assertThat(pipeline.activePollers()).isZero();
    }

    @Test
    void endsInErrorWithTheUpstreamMessageWhenTheRenderFails() {
        pipeline.start();
        Render render = accept(Movies.withDirective("sandbox:error"));

        time.advanceTimeBy(RENDER_TIME.plus(POLL));

        Render failed = current(render);
        assertThat(failed.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(failed.error().code()).isEqualTo(RenderError.RENDER_FAILED);
        assertThat(failed.error().message()).contains("failed");
        assertThat(pipeline.activePollers()).isZero();
    }

    @Test
    void endsInTimeoutWhenTheRenderOutlivesTheRenderTimeout() {
        pipeline.start();
        Render render = accept(Movies.withDirective("sandbox:render-time=3600s"));

        time.advanceTimeBy(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(current(render).status()).isEqualTo(RenderStatus.RUNNING);
        time.advanceTimeBy(Duration.ofSeconds(1));

        Render timedOut = current(render);
        assertThat(timedOut.status()).isEqualTo(RenderStatus.TIMEOUT);
        assertThat(timedOut.error().code()).isEqualTo(RenderError.TIMED_OUT);
        long checks = upstream.statusChecks();
        time.advanceTimeBy(Duration.ofHours(1));
        assertThat(upstream.statusChecks()).isEqualTo(checks);
    }

    @Test
    void progressNeverGoesBackwardsForSubscribers() {
        pipeline.start();
        Render render = accept(Movies.hello());
        List<Integer> progress = new ArrayList<>();
        Disposable watching = events.ofRender(render.id()).subscribe(e -> progress.add(e.render().progress()));

        time.advanceTimeBy(RENDER_TIME.plus(POLL));

        assertThat(progress).isSorted().last().isEqualTo(100);
        assertThat(progress).hasSizeGreaterThan(2);
        watching.dispose();
    }

    @Test
    void cancelsAQueuedRenderWithoutSendingAnything() {
        Render render = accept(Movies.hello());

        Render cancelled = pipeline.cancel("acme", render.id()).block();
        pipeline.start();
        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(cancelled.status()).isEqualTo(RenderStatus.CANCELLED);
        assertThat(current(render).status()).isEqualTo(RenderStatus.CANCELLED);
        assertThat(upstream.submits()).isZero();
    }

    @Test
    void refusesToCancelARenderAlreadySubmitted() {
        pipeline.start();
        Render render = accept(Movies.hello());

        Render unchanged = pipeline.cancel("acme", render.id()).block();

        assertThat(unchanged.status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(pipeline.cancel("other-tenant", render.id()).blockOptional()).isEmpty();
    }

    private long statusChecksToFinish(int watchers) {
        long before = upstream.statusChecks();
        Render render = accept(Movies.hello());
        RenderFeeds feeds = new RenderFeeds(store, events);
        List<Disposable> watching = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            watching.add(feeds.follow("acme", render.id()).subscribe());
        }
        time.advanceTimeBy(RENDER_TIME.plus(POLL));
        assertThat(current(render).status()).isEqualTo(RenderStatus.DONE);
        watching.forEach(Disposable::dispose);
        return upstream.statusChecks() - before;
    }

    private Render accept(com.fasterxml.jackson.databind.JsonNode movie) {
        return pipeline.accept("acme", new RenderRequest(movie, null, null)).block();
    }

    private Render current(Render render) {
        return store.find(render.id()).block();
    }
}
