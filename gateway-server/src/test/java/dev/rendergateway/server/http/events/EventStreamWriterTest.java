package dev.rendergateway.server.http.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.http.RenderJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Event streams written to a connection, under virtual time: retry, events, heartbeats, stalled clients, expiry, shutdown. */
class EventStreamWriterTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SseFrames frames = new SseFrames(new RenderJson(new ObjectMapper()));
    private final EventStreams streams = new EventStreams(frames, HEARTBEAT, time);
    private final EmbeddedChannel connection = new EmbeddedChannel();

    @Test
    void writesEachEventInOrderAndEndsWithTheFeed() {
        StepVerifier.withVirtualTime(() -> streams.open(connection, Flux.just(event(1, 10), event(2, 20)), null),
                        () -> time, Long.MAX_VALUE)
                .verifyComplete();

        assertThat(written()).containsExactly(SseFrames.RETRY, frames.frame(event(1, 10)), frames.frame(event(2, 20)));
        assertThat(streams.delivered()).isEqualTo(2);
    }

    @Test
    void asksForTheNextEventOnlyOnceTheLastOneLeft() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        holdEveryWrite();

        streams.open(connection, Flux.range(1, 10).map(i -> event(i, i)).doOnRequest(requests::add), null)
                .subscribe();

        assertThat(requests).containsExactly(1L);
    }

    @Test
    void sendsACommentHeartbeatEveryPeriodWhileNothingHappens() {
        StepVerifier.withVirtualTime(() -> streams.open(connection, Flux.never(), null), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> assertThat(written()).containsExactly(SseFrames.RETRY))
                .thenAwait(HEARTBEAT.minusMillis(1))
                .then(() -> assertThat(written()).isEmpty())
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(written()).containsExactly(SseFrames.HEARTBEAT))
                .thenAwait(HEARTBEAT)
                .then(() -> assertThat(written()).containsExactly(SseFrames.HEARTBEAT))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void givesUpOnAClientThatReadsNothingForFourHeartbeatPeriods() {
        holdEveryWrite();

        StepVerifier.withVirtualTime(() -> streams.open(connection, Flux.just(event(1, 10)).concatWith(Flux.never()),
                        null), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(HEARTBEAT.multipliedBy(SseFrames.STALL_LIMIT).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectError(StalledStreamException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void endsTheStreamWhenItsTokenExpires() {
        StepVerifier.withVirtualTime(() -> streams.open(connection, Flux.never(), Duration.ofMinutes(5)), () -> time,
                        Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(5).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
    }

    @Test
    void endsEveryStreamWithAGoodbyeAtShutdownAndLaterOnesAtOnce() {
        StepVerifier.withVirtualTime(() -> streams.open(connection, Flux.never(), null), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .then(streams::endAll)
                .verifyComplete();
        EmbeddedChannel later = new EmbeddedChannel();
        StepVerifier.create(streams.open(later, Flux.never(), null)).verifyComplete();

        assertThat(written()).containsExactly(SseFrames.RETRY, SseFrames.GOODBYE);
        assertThat(later.<ByteBuf>readOutbound().toString(StandardCharsets.UTF_8)).isEqualTo(SseFrames.GOODBYE);
    }

    @Test
    void stopsFollowingItsFeedWhenTheConnectionGoes() {
        List<String> signals = new CopyOnWriteArrayList<>();

        streams.open(connection, Flux.<RenderEvent>never().doOnCancel(() -> signals.add("cancel")), null)
                .subscribe()
                .dispose();

        assertThat(signals).containsExactly("cancel");
    }

    @Test
    void writesAnEventWithItsSequenceAsIdAndNoTenantOrMovie() {
        String frame = frames.frame(event(42, 10));

        assertThat(frame).startsWith("id: 42\nevent: render\ndata: {\"id\":\"r_1\",\"status\":\"queued\"")
                .endsWith("}\n\n")
                .doesNotContain("acme", "movie");
        assertThat(frame.split("\n")).hasSize(3);
    }

    private static RenderEvent event(long sequence, int seconds) {
        return new RenderEvent(sequence, Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null),
                NOW.plusSeconds(seconds)));
    }

    /** A client that reads nothing: writes are taken but never finish. */
    private void holdEveryWrite() {
        connection.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
                ReferenceCountUtil.release(message);
            }
        });
    }

    private List<String> written() {
        List<String> texts = new ArrayList<>();
        for (ByteBuf buffer = connection.readOutbound(); buffer != null; buffer = connection.readOutbound()) {
            texts.add(buffer.toString(StandardCharsets.UTF_8));
            buffer.release();
        }
        return texts;
    }
}
