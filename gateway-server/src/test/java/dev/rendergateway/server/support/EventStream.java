package dev.rendergateway.server.support;

import java.util.List;

/** A whole Server-Sent Events answer, read until the server closed it. */
public record EventStream(int status, String contentType, List<String> retries, List<String> comments,
                          List<String> unknownLines, List<SseEvent> events, String unterminated) {

    /** The last event of the stream. */
    public SseEvent last() {
        return events.get(events.size() - 1);
    }
}
