package dev.rendergateway.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One whole HTTP answer of the gateway, as a test sees it. */
public record Reply(int status, HttpHeaders headers, String body) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The value of a response header, null if absent. */
    public String header(CharSequence name) {
        return headers.get(name);
    }

    /** The body parsed as JSON; fails the test if it is not JSON. */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
        }
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}
