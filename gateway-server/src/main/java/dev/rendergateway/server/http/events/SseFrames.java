package dev.rendergateway.server.http.events;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.server.http.RenderJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The WHATWG event-stream text of the gateway's streams: {@code retry:} once, then {@code id:}/{@code event:
 * render}/{@code data:} per change, and comments (heartbeats, the goodbye of a shutdown). An event is encoded
 * once, however many streams carry it.
 */
public final class SseFrames {

    /** How long EventSource waits before it reconnects. */
    public static final Duration RECONNECT_DELAY = Duration.ofSeconds(3);
    /** Heartbeat periods a write may stay unfinished (the client reads nothing) before its stream ends. */
    public static final int STALL_LIMIT = 4;
    static final String RETRY = "retry: " + RECONNECT_DELAY.toMillis() + "\n\n";
    static final String HEARTBEAT = ": heartbeat\n\n";
    /** The comment a stream ends with when the gateway shuts down: the client reconnects, to another instance. */
    static final String GOODBYE = ": shutting down; reconnect\n\n";

    private final RenderJson renderJson;
    private final AtomicReferenceArray<Frame> recent = new AtomicReferenceArray<>(256);

    public SseFrames(RenderJson renderJson) {
        this.renderJson = renderJson;
    }

    /** One event in the event-stream format. */
    public String frame(RenderEvent event) {
        return new String(bytes(event), StandardCharsets.UTF_8);
    }

    /** One event in the event-stream format, as UTF-8. */
    byte[] bytes(RenderEvent event) {
        ByteBuf shared = buffer(event);
        byte[] bytes = new byte[shared.readableBytes()];
        shared.getBytes(shared.readerIndex(), bytes);
        return bytes;
    }

    /**
     * One event in the event-stream format, ready to write: a view of one direct buffer, encoded once and shared by
     * every stream that carries the event. The socket writes it as it is (a heap buffer would be copied into a new
     * direct one per stream); writing releases nothing, and the garbage collector frees it with its last view.
     */
    ByteBuf buffer(RenderEvent event) {
        int slot = (int) Math.floorMod(event.sequence(), (long) recent.length());
        Frame cached = recent.get(slot);
        if (cached == null || cached.sequence() != event.sequence()) {
            cached = new Frame(event.sequence(), shared("id: " + event.sequence() + "\nevent: render\ndata: "
                    + renderJson.toText(event.render()) + "\n\n"));
            recent.set(slot, cached);
        }
        return cached.buffer().duplicate();
    }

    /** A direct buffer holding {@code text}, never released: written as views ({@code duplicate()}). */
    static ByteBuf shared(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes)
                .flip()));
    }

    /** An event's shared buffer, kept for the other streams that carry the same event. */
    private record Frame(long sequence, ByteBuf buffer) {
    }
}
