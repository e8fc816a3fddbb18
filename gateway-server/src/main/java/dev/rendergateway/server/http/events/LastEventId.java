package dev.rendergateway.server.http.events;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.OptionalLong;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Where a reconnecting client left off: the {@code Last-Event-ID} header EventSource sends by itself, or a
 * {@code lastEventId} parameter for a client that opens a new EventSource (e.g. with a fresh token).
 */
final class LastEventId {

    private LastEventId() {
    }

    /** The id the client saw last; empty when none came or it is not one of ours (then it gets the current state). */
    static OptionalLong of(HttpServerRequest request) {
        String header = request.requestHeaders().get("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return parse(header);
        }
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get("lastEventId");
        return values == null || values.isEmpty() ? OptionalLong.empty() : parse(values.get(0));
    }

    private static OptionalLong parse(String text) {
        try {
            long id = Long.parseLong(text.trim());
            return id >= 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
