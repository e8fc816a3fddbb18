package dev.rendergateway.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a caller asks for: the JSON2Video movie, opaque metadata echoed back, and an optional webhook. */
public record RenderRequest(JsonNode movie, JsonNode metadata, String webhook) {

    public RenderRequest {
        Objects.requireNonNull(movie, "movie");
    }
}
