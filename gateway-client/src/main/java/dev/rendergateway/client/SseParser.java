package dev.rendergateway.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads an event stream line by line (WHATWG "event stream interpretation"): fields accumulate until a blank line
 * dispatches the event; comment lines (heartbeats) are skipped; {@code retry:} changes the reconnection delay.
 */
final class SseParser {

    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private String id;
    private Duration retry;

    /** The event this line completes, if any. */
    Optional<SseEvent> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> data.append(value).append('\n');
            case "event" -> event = value;
            case "id" -> id = value.contains("\0") ? id : value;
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    retry = Duration.ofMillis(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored, as the format says
            }
        }
        return Optional.empty();
    }

    /** The latest {@code retry:} the server asked for, if any. */
    Optional<Duration> retry() {
        return Optional.ofNullable(retry);
    }

    private Optional<SseEvent> dispatch() {
        if (data.length() == 0) {
            event = "";
            return Optional.empty();
        }
        String text = data.substring(0, data.length() - 1);
        SseEvent dispatched = new SseEvent(id, event.isEmpty() ? "message" : event, text);
        data.setLength(0);
        event = "";
        return Optional.of(dispatched);
    }
}
