package dev.rendergateway.loadtests.sse;

import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * One subscriber's view of an event stream: splits the bytes into lines and, for every {@code data:} line after the
 * first event (the catch-up), reports the delay from the render's {@code updatedAt} to now, in microseconds.
 */
final class SseStream {
    private static final String UPDATED_AT = "\"updatedAt\":\"";

    private final StringBuilder pending = new StringBuilder();
    private final LongConsumer delays;
    private long events;

    SseStream(LongConsumer delays) {
        this.delays = delays;
    }

    /** Feeds received text; {@code nowMicros} is when it arrived. Returns true on this stream's first event. */
    boolean accept(String text, long nowMicros) {
        pending.append(text);
        boolean first = false;
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            if (line.startsWith("data:")) {
                events++;
                first |= events == 1;
                if (events > 1) {
                    delays.accept(nowMicros - updatedAtMicros(line));
                }
            }
        }
        return first;
    }

    private static long updatedAtMicros(String line) {
        int start = line.indexOf(UPDATED_AT);
        if (start < 0) {
            throw new IllegalStateException("event without updatedAt: " + line);
        }
        start += UPDATED_AT.length();
        Instant at = Instant.parse(line.substring(start, line.indexOf('"', start)));
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
