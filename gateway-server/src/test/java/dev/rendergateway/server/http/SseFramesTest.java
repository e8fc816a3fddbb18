package dev.rendergateway.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The event-stream text under virtual time: retry once, heartbeats, stalled clients, token expiry. */
class SseFramesTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final String RETRY = "retry: 3000\n\n";

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SseFrames frames = new SseFrames(new RenderJson(new ObjectMapper()), HEARTBEAT, time);

    @Test
    void sendsRetryOnceThenACommentHeartbeatEveryPeriodWhileNothingHappens() {
        StepVerifier.withVirtualTime(() -> frames.of(Flux.never(), null), () -> time, Long.MAX_VALUE)
                .expectNext(RETRY)
                .expectNoEvent(HEARTBEAT.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(SseFrames.HEARTBEAT)
                .thenAwait(HEARTBEAT)
                .expectNext(SseFrames.HEARTBEAT)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void givesUpOnAClientThatTakesNothingForFourHeartbeatPeriods() {
        StepVerifier.withVirtualTime(() -> frames.of(Flux.never(), null), () -> time, 1)
                .expectNext(RETRY)
                .expectNoEvent(HEARTBEAT.multipliedBy(SseFrames.STALL_LIMIT).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectError(StalledStreamException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void endsTheStreamWhenItsTokenExpires() {
        StepVerifier.withVirtualTime(() -> frames.of(Flux.never(), Duration.ofMinutes(5)), () -> time,
                        Long.MAX_VALUE)
                .expectNext(RETRY)
                .thenAwait(Duration.ofMinutes(5))
                .thenConsumeWhile(SseFrames.HEARTBEAT::equals)
                .verifyComplete();
    }

    @Test
    void writesEachChangeAsAnEventWithItsSequenceAsId() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Render render = Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null), now);

        String frame = frames.frame(new RenderEvent(42, render));

        assertThat(frame).startsWith("id: 42\nevent: render\ndata: {\"id\":\"r_1\",\"status\":\"queued\"")
                .endsWith("}\n\n")
                .doesNotContain("acme", "movie");
        assertThat(frame.split("\n")).hasSize(3);
    }
}
