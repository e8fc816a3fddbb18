package dev.rendergateway.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cuts byte chunks into UTF-8 lines (LF or CRLF), keeping a partial line, even a split character, for the next. */
final class LineSplitter {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** The lines this chunk completes. */
    List<String> push(byte[] chunk) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, start, i - start);
                lines.add(take());
                start = i + 1;
            }
        }
        partial.write(chunk, start, chunk.length - start);
        return lines;
    }

    /** What is left after the last newline, once the stream has ended. */
    List<String> rest() {
        return partial.size() == 0 ? List.of() : List.of(take());
    }

    private String take() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
