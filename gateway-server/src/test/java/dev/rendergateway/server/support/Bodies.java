package dev.rendergateway.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies of {@code POST /v1/renders}. */
public final class Bodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Bodies() {
    }

    /** {@code {"movie": movie}} as JSON text. */
    public static String render(JsonNode movie) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("movie", movie);
        return body.toString();
    }

    /** {@code {"movie": movie, "metadata": metadata}} as JSON text. */
    public static String render(JsonNode movie, JsonNode metadata) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("movie", movie);
        body.set("metadata", metadata);
        return body.toString();
    }
}
