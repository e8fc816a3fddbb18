package dev.rendergateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A render as the gateway reports it. {@link #json()} is the object exactly as the API returned it (with members
 * this client does not model), so it can be passed on unchanged.
 */
public record Render(String id, RenderStatus status, int progress, String project, String url, String thumbnail,
                     Double duration, Double credits, JsonNode metadata, RenderError error, Instant createdAt,
                     Instant updatedAt, JsonNode json) {

    public Render {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the render ended: {@code done}, {@code error}, {@code timeout} or {@code cancelled}. */
    public boolean isTerminal() {
        return status.isTerminal();
    }
}
