package dev.rendergateway.server.http.batch;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Splits a streamed body into NDJSON lines as its chunks arrive, keeping at most one partial line (of at
 * most {@code maxLineBytes}) in memory. A longer line is not kept: it comes out as {@link Line#tooLong()}.
 */
public final class NdjsonLines {

    /** One line of the body, numbered from 1; {@code bytes} is empty when the line was too long to keep. */
    public record Line(long number, byte[] bytes, boolean tooLong) {

        public boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return !tooLong;
        }
    }

    private final long maxLineBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long number;
    private boolean overflowing;

    private NdjsonLines(long maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** The lines of {@code chunks}, in order, read only as fast as they are consumed. */
    public static Flux<Line> of(Flux<byte[]> chunks, long maxLineBytes) {
        return Flux.defer(() -> {
            NdjsonLines splitter = new NdjsonLines(maxLineBytes);
            return chunks.concatMapIterable(splitter::feed)
                    .concatWith(Mono.fromSupplier(splitter::finish).flatMap(Mono::justOrEmpty));
        });
    }

    private List<Line> feed(byte[] chunk) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                lines.add(completeLine());
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
        return lines;
    }

    private java.util.Optional<Line> finish() {
        if (partial.size() == 0 && !overflowing) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(completeLine());
    }

    private void append(byte[] chunk, int offset, int length) {
        if (overflowing || length == 0) {
            return;
        }
        if (partial.size() + (long) length > maxLineBytes) {
            overflowing = true;
            partial.reset();
            return;
        }
        partial.write(chunk, offset, length);
    }

    private Line completeLine() {
        Line line = new Line(++number, overflowing ? new byte[0] : partial.toByteArray(), overflowing);
        partial.reset();
        overflowing = false;
        return line;
    }
}
