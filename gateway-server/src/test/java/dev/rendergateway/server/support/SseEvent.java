package dev.rendergateway.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One dispatched Server-Sent Event: its {@code id:}, {@code event:} and {@code data:} fields (null when absent). */
public record SseEvent(String id, String event, String data) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The render this event carries in {@code data:}. */
    public JsonNode render() {
        try {
            return MAPPER.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("data is not JSON: " + data, e);
        }
    }

    /** The render's status in this event. */
    public String status() {
        return render().path("status").asText();
    }
}
