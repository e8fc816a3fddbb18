package dev.rendergateway.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer to write: status, content type, extra headers and body; or the instruction to drop. */
record Answer(int status, String contentType, Map<String, String> headers, byte[] body, boolean drop) {

    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = SandboxJson.MAPPER;
    private static final String BAD_GATEWAY_PAGE =
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    private static final String GARBLED = "<html><body>Service temporarily unavailable</body>";

    /** Close the connection without answering. */
    static Answer dropped() {
        return new Answer(0, JSON, Map.of(), new byte[0], true);
    }

    /** A JSON answer. */
    static Answer json(int status, JsonNode body) {
        return json(status, body, Map.of());
    }

    /** A JSON answer with extra headers. */
    static Answer json(int status, JsonNode body, Map<String, String> headers) {
        try {
            return new Answer(status, JSON, headers, MAPPER.writeValueAsBytes(body), false);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upstream's failure shape, {@code {"success":false,"message":...}}. */
    static Answer failure(int status, String message) {
        return failure(status, message, Map.of());
    }

    /** The upstream's failure shape with extra headers. */
    static Answer failure(int status, String message, Map<String, String> headers) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("success", false);
        body.put("message", message);
        return json(status, body, headers);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    static Answer rateLimited(long retryAfterSeconds) {
        return failure(429, "Too many requests", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 502 with an HTML page, as a proxy would answer. */
    static Answer badGateway() {
        return new Answer(502, "text/html", Map.of(), BAD_GATEWAY_PAGE.getBytes(StandardCharsets.UTF_8), false);
    }

    /** 200 labelled JSON whose body is not JSON. */
    static Answer unparseable() {
        return new Answer(200, JSON, Map.of(), GARBLED.getBytes(StandardCharsets.UTF_8), false);
    }
}
