package dev.rendergateway.server.support;

import java.util.ArrayList;
import java.util.List;

/**
 * An incremental parser of the WHATWG {@code text/event-stream} format: feed it the body as it arrives, in
 * chunks cut anywhere, and it returns the events each chunk completes. It also keeps what is not an event
 * (retry lines, comments, unknown fields) so that specs can assert on the exact framing.
 */
public final class SseParser {

    private final StringBuilder pending = new StringBuilder();
    private final List<String> retries = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> unknownLines = new ArrayList<>();
    private String id;
    private String event;
    private StringBuilder data;

    /** The events completed by this chunk. */
    public List<SseEvent> feed(String chunk) {
        pending.append(chunk);
        List<SseEvent> completed = new ArrayList<>();
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            line(line, completed);
        }
        return completed;
    }

    /** Text after the last line break, which a well-closed stream never leaves. */
    public String unterminated() {
        return pending.toString();
    }

    public List<String> retries() {
        return List.copyOf(retries);
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public List<String> unknownLines() {
        return List.copyOf(unknownLines);
    }

    private void line(String line, List<SseEvent> completed) {
        if (line.isEmpty()) {
            if (id != null || event != null || data != null) {
                completed.add(new SseEvent(id, event, data == null ? null : data.toString()));
            }
            id = null;
            event = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            comments.add(line.substring(1).trim());
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "retry" -> retries.add(value);
            default -> unknownLines.add(line);
        }
    }
}
