package dev.rendergateway.core.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.render.Render;
import java.time.Instant;
import java.util.function.Function;

/**
 * The message a caller's webhook receives when its render ends: {@code {"type":"render.done", "timestamp":…,
 * "data": <the render as the API shows it>}}, with type {@code render.done}, {@code render.error},
 * {@code render.timeout} or {@code render.cancelled}.
 */
public final class DeliveryPayloads {

    private final ObjectMapper mapper;
    private final Function<Render, ? extends JsonNode> renderView;

    /** Payloads showing a render through {@code renderView}, the API's own JSON of it. */
    public DeliveryPayloads(ObjectMapper mapper, Function<Render, ? extends JsonNode> renderView) {
        this.mapper = mapper;
        this.renderView = renderView;
    }

    /** The delivery announcing the render's terminal state to its webhook, due at {@code now}. */
    public Delivery deliveryOf(Render ended, Instant now) {
        String type = "render." + ended.status().wireName();
        ObjectNode payload = mapper.createObjectNode()
                .put("type", type)
                .put("timestamp", now.toString());
        payload.set("data", renderView.apply(ended));
        try {
            // One id per render and terminal status: enqueuing the same end twice makes one delivery.
            return Delivery.pending("msg_" + ended.id() + "_" + ended.status().wireName(), ended.id(),
                    ended.tenant(), ended.webhook(), type, mapper.writeValueAsString(payload), now)
                    .withTrace(ended.trace());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a render cannot be written as JSON", e);
        }
    }
}
