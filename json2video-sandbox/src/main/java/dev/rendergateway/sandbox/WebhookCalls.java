package dev.rendergateway.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Builds the call a finished render makes to one webhook destination, in the configured body shape. */
final class WebhookCalls {

    private final WebhookBody shape;

    WebhookCalls(WebhookBody shape) {
        this.shape = shape;
    }

    WebhookCall call(MovieState state, WebhookDestination destination) {
        ObjectNode body = shape == WebhookBody.FLAT || destination.urlencoded() ? flat(state) : statusAnswer(state);
        if (destination.urlencoded()) {
            return new WebhookCall(state.project(), destination.endpoint(), "application/x-www-form-urlencoded",
                    formOf(body).getBytes(StandardCharsets.UTF_8));
        }
        try {
            return new WebhookCall(state.project(), destination.endpoint(), Answer.JSON,
                    SandboxJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode statusAnswer(MovieState state) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        answer.set("movie", state.toJson());
        return answer;
    }

    /** The flat shape of JSON2Video's webhook page: sizes and lengths as strings. */
    private static ObjectNode flat(MovieState state) {
        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        flat.put("project", state.project());
        flat.put("id", state.project());
        flat.put("status", state.status());
        flat.put("url", state.url() == null ? "" : state.url());
        flat.put("width", String.valueOf(state.width()));
        flat.put("height", String.valueOf(state.height()));
        flat.put("duration", state.duration() == null ? "" : String.valueOf(state.duration()));
        flat.put("size", state.size() == null ? "" : String.valueOf(state.size()));
        if (state.clientData() != null) {
            flat.set("client-data", state.clientData().deepCopy());
        }
        return flat;
    }

    private static String formOf(ObjectNode body) {
        QueryStringEncoder form = new QueryStringEncoder("");
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = body.fields();
                fields.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = fields.next();
            form.addParam(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                    : field.getValue().toString());
        }
        String encoded = form.toString();
        return encoded.startsWith("?") ? encoded.substring(1) : encoded;
    }
}
