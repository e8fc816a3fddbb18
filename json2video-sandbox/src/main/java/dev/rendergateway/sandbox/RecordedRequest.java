package dev.rendergateway.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the sandbox saw it: method, target and headers (names lower-cased, values in arrival order),
 * how many body bytes came, and when it had been read whole (on the sandbox's clock).
 */
public record RecordedRequest(String method, String uri, Map<String, List<String>> headers, int bodyBytes,
                              java.time.Instant receivedAt) {

    /** Copies the headers, so that a recorded request never changes. */
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether header {@code name} (any case) was sent at all. */
    public boolean has(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }
}
