package dev.rendergateway.server.http.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.http.RenderJson;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An event is encoded once, into direct memory that every stream writes as its own view, and that no write frees. */
class SseFramesTest {

    private final SseFrames frames = new SseFrames(new RenderJson(new ObjectMapper()));
    private final RenderEvent event = new RenderEvent(7, Render.queued("r_1", "acme",
            new RenderRequest(Movies.hello(), null, null), Instant.parse("2026-12-06T12:00:00Z")));

    @Test
    void everyStreamGetsAViewOfTheSameDirectBytes() {
        ByteBuf first = frames.buffer(event);
        ByteBuf second = frames.buffer(event);

        assertThat(first).isNotSameAs(second);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.nioBuffer().equals(second.nioBuffer())).isTrue();
        assertThat(first.hasMemoryAddress()).as("written by the socket as it is, never copied").isTrue();
        assertThat(first.memoryAddress()).isEqualTo(second.memoryAddress());
        assertThat(first.toString(StandardCharsets.UTF_8)).startsWith("id: 7\nevent: render\ndata: {").endsWith("}\n\n");
    }

    @Test
    void aWrittenViewIsReadAndReleasedWithoutTouchingTheOthers() {
        ByteBuf written = frames.buffer(event);
        ByteBuf other = frames.buffer(event);

        written.skipBytes(written.readableBytes());
        written.release();

        assertThat(other.readableBytes()).isEqualTo(frames.bytes(event).length);
        assertThat(frames.buffer(event).toString(StandardCharsets.UTF_8)).isEqualTo(frames.frame(event));
    }
}
