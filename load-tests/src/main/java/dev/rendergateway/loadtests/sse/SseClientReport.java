package dev.rendergateway.loadtests.sse;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** What one SSE client process reports: subscribers asked for, connected, failed, events measured, delays. */
public record SseClientReport(int subscribers, int connected, int failed, long events, double seconds,
                              String histogram) {

    /** The delivery delays (µs) it measured. */
    public Histogram delays() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("unreadable histogram from an SSE client", e);
        }
    }
}
