package dev.rendergateway.server.http.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code GET /openapi.json}: the hand-written OpenAPI 3.1 description, read once at start and served from memory. */
public final class OpenApiHandler {

    /** Where the description lives on the classpath. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiHandler(ObjectMapper mapper) {
        this.document = compact(mapper, read());
    }

    /** The description, parsed; the route check compares its paths with the served routes. */
    public static JsonNode document(ObjectMapper mapper) {
        try {
            return mapper.readTree(read());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(document.length))
                .sendByteArray(Mono.just(document))
                .then();
    }

    private static byte[] compact(ObjectMapper mapper, byte[] text) {
        try {
            return mapper.writeValueAsBytes(mapper.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json is not valid JSON", e);
        }
    }

    private static byte[] read() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
