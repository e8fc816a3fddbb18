package dev.rendergateway.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The API's JSON, both ways: request bodies and batch lines out; renders, pages, batch results and problems in. */
final class WireJson {

    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail");

    private final ObjectMapper mapper;

    WireJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The body of {@code POST /v1/renders}: movie, metadata, webhook. */
    byte[] requestBody(RenderRequest request) {
        return bytes(requestObject(request));
    }

    /** One NDJSON line of a batch, with its {@code idempotencyKey} member when the request has a key. */
    byte[] batchLine(RenderRequest request) {
        ObjectNode line = requestObject(request);
        if (request.idempotencyKey() != null) {
            line.put("idempotencyKey", request.idempotencyKey());
        }
        byte[] json = bytes(line);
        byte[] withNewline = Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    Render render(byte[] body) {
        return render(tree(body));
    }

    Render render(JsonNode node) {
        JsonNode error = node.path("error");
        return new Render(node.path("id").asText(), RenderStatus.fromWireName(node.path("status").asText()),
                node.path("progress").asInt(0), text(node, "project"), text(node, "url"), text(node, "thumbnail"),
                number(node, "duration"), number(node, "credits"), node.get("metadata"),
                error.isObject() ? new RenderError(text(error, "code"), text(error, "message")) : null,
                instant(node, "createdAt"), instant(node, "updatedAt"), node);
    }

    /** {@code {"items": […], "next": …}}. */
    Page page(byte[] body) {
        JsonNode node = tree(body);
        List<Render> items = new ArrayList<>();
        node.path("items").forEach(item -> items.add(render(item)));
        return new Page(items, text(node, "next"));
    }

    /** {@code {"line": n, "render": …, "replayed": true?}} or {@code {"line": n, "problem": …}}. */
    BatchResult batchResult(String line, RenderRequest request) {
        JsonNode node = tree(line.getBytes(StandardCharsets.UTF_8));
        long number = node.path("line").asLong();
        if (node.hasNonNull("problem")) {
            return new BatchResult(number, request, null, problem(node.get("problem"), 0), false);
        }
        return new BatchResult(number, request, render(node.path("render")), null, node.path("replayed").asBoolean());
    }

    /** The problem of an answer; a body that is not one (a proxy's page) still makes one, from the status. */
    Problem problem(int status, byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject()) {
                return problem(node, status);
            }
        } catch (IOException notJson) {
            // described below from the status
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new Problem("about:blank", "HTTP " + status, status,
                text.length() > 200 ? text.substring(0, 200) + "…" : text, Map.of());
    }

    Problem problem(JsonNode node, int fallbackStatus) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (!PROBLEM_MEMBERS.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        });
        int status = node.path("status").asInt(fallbackStatus);
        return new Problem(node.path("type").asText("about:blank"), text(node, "title"),
                status == 0 ? fallbackStatus : status, text(node, "detail"), extra);
    }

    JsonNode tree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the gateway answered something that is not JSON", e);
        }
    }

    String text(Render render) {
        try {
            return mapper.writeValueAsString(render.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode requestObject(RenderRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.set("movie", request.movie());
        if (request.metadata() != null) {
            body.set("metadata", request.metadata());
        }
        if (request.webhook() != null) {
            body.put("webhook", request.webhook());
        }
        return body;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }

    private static Instant instant(JsonNode node, String name) {
        String text = text(node, name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One page of {@code GET /v1/renders}. */
    record Page(List<Render> items, String next) {
    }
}
