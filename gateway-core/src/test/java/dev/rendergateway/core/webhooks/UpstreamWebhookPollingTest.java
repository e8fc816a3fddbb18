package dev.rendergateway.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.events.Selection;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import dev.rendergateway.sandbox.WebhookCall;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * With JSON2Video calling the gateway's webhook, a finished render costs one POST and one confirming GET: the
 * call triggers a status check at once (duplicates coalesced), the body is never read, and unwatched renders
 * are polled only at the safety interval. Virtual time, against the sandbox's render engine.
 */
class UpstreamWebhookPollingTest {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration SAFETY = Duration.ofSeconds(50);
    private static final Duration RENDER_TIME = Duration.ofSeconds(30);

    private final UpstreamWebhooks hooks = new UpstreamWebhooks(URI.create("https://gw.example.com"),
            "0123456789abcdef0123456789abcdef".getBytes());
    private final PipelineHarness harness = PipelineHarness.create(RENDER_TIME, PipelineConfig.custom()
            .pollInterval(POLL)
            .renderTimeout(Duration.ofMinutes(10))
            .upstreamWebhooks(hooks, SAFETY)
            .build(), 1_000).start();

    @AfterEach
    void stop() {
        harness.close();
    }

    /** What the gateway's receiver does with a call: check the path's token, then poll now. */
    private boolean receive(WebhookCall call) {
        String path = URI.create(call.endpoint()).getPath().substring(UpstreamWebhooks.PATH_PREFIX.length());
        String[] parts = path.split("/");
        return hooks.verify(parts[0], parts[1]) && Boolean.TRUE.equals(harness.pipeline.pollNow(parts[0]).block());
    }

    @Test
    void finishesARenderWithOnePostAndOneGetWhenJson2VideoCallsTheWebhook() {
        Render render = harness.accept(Movies.hello());
        harness.advance(RENDER_TIME.minusSeconds(1));
        assertThat(harness.upstream.statusChecks()).as("no polls before the safety interval").isZero();
        assertThat(harness.upstream.engine().takeDueWebhooks()).isEmpty();

        harness.advance(Duration.ofSeconds(1));
        List<WebhookCall> calls = harness.upstream.engine().takeDueWebhooks();
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.endpoint())
                .isEqualTo(hooks.endpointFor(render.id())));
        receive(calls.get(0));
        receive(calls.get(0));
        receive(calls.get(0));
        harness.advance(Duration.ofMillis(10));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
        assertThat(harness.upstream.submits()).isEqualTo(1);
        assertThat(harness.upstream.statusChecks()).as("one confirming GET, duplicates coalesced").isEqualTo(1);
        harness.advance(SAFETY.multipliedBy(3));
        assertThat(harness.upstream.statusChecks()).isEqualTo(1);
    }

    @Test
    void aWebhookCallForARunningRenderCostsOneCheckAndChangesNothingElse() {
        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(10));

        assertThat(harness.pipeline.pollNow(render.id()).block()).isTrue();
        harness.advance(Duration.ofMillis(10));

        Render current = harness.current(render);
        assertThat(current.status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(current.url()).isNull();
        assertThat(harness.upstream.statusChecks()).isEqualTo(1);
    }

    @Test
    void capsTheChecksWebhookCallsCanCausePerRender() {
        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(3));

        for (int i = 0; i < 20; i++) {
            harness.pipeline.pollNow(render.id()).block();
            harness.advance(Duration.ofMillis(100));
        }

        assertThat(harness.upstream.statusChecks()).isEqualTo(5);
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
    }

    @Test
    void pollsAnUnwatchedRenderAtTheSafetyIntervalWhenNoCallComes() {
        Render render = harness.accept(Movies.hello());
        harness.upstream.engine().takeDueWebhooks();

        harness.advance(SAFETY.minusSeconds(1));
        assertThat(harness.upstream.statusChecks()).isZero();
        harness.advance(Duration.ofSeconds(1));

        assertThat(harness.upstream.statusChecks()).isEqualTo(1);
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
    }

    @Test
    void stillPollsAWatchedRenderEveryPollIntervalForItsProgress() {
        Render render = harness.accept(Movies.hello());
        Disposable watching = harness.events.follow(Selection.of(PipelineHarness.TENANT, List.of(render.id())),
                OptionalLong.empty()).subscribe();

        harness.advance(POLL.multipliedBy(3));

        assertThat(harness.upstream.statusChecks()).isEqualTo(3);
        assertThat(harness.current(render).progress()).isPositive();
        watching.dispose();
    }

    @Test
    void ignoresACallForARenderThatHasEnded() {
        Render render = harness.accept(Movies.hello());
        harness.advance(SAFETY);
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
        long checks = harness.upstream.statusChecks();

        assertThat(harness.pipeline.pollNow(render.id()).block()).isFalse();
        assertThat(harness.pipeline.pollNow("r_unknown").block()).isFalse();

        assertThat(harness.upstream.statusChecks()).isEqualTo(checks);
    }
}
