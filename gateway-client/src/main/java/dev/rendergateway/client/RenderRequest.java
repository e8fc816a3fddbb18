package dev.rendergateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What {@code POST /v1/renders} takes: the JSON2Video {@code movie}, optional {@code metadata} and {@code webhook},
 * and an optional idempotency key (when absent, {@link RenderGatewayClient#submit} makes one per call).
 */
public record RenderRequest(JsonNode movie, JsonNode metadata, String webhook, String idempotencyKey) {

    public RenderRequest {
        Objects.requireNonNull(movie, "movie");
        if (!movie.isObject()) {
            throw new IllegalArgumentException("movie must be a JSON object");
        }
    }

    /** A request for this movie, with nothing else. */
    public static RenderRequest of(JsonNode movie) {
        return new RenderRequest(movie, null, null, null);
    }

    /** The same request with this {@code metadata} (any JSON, returned with the render). */
    public RenderRequest withMetadata(JsonNode newMetadata) {
        return new RenderRequest(movie, newMetadata, webhook, idempotencyKey);
    }

    /** The same request, whose end the gateway posts to this URL. */
    public RenderRequest withWebhook(String newWebhook) {
        return new RenderRequest(movie, metadata, newWebhook, idempotencyKey);
    }

    /** The same request under this idempotency key: sending it again never makes a second render. */
    public RenderRequest withIdempotencyKey(String key) {
        return new RenderRequest(movie, metadata, webhook, key);
    }
}
