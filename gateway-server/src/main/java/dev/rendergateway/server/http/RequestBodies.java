package dev.rendergateway.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads a request body whole, refusing it with 413 as soon as it grows past the configured limit. */
public final class RequestBodies {

    private final ObjectMapper mapper;
    private final long maxBytes;

    public RequestBodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /** The body parsed as JSON; 413 when too large, 400 when empty or not JSON. */
    public Mono<JsonNode> json(HttpServerRequest request) {
        return bytes(request).map(this::parse);
    }

    /** The body's bytes; 413 as soon as it passes the limit, whatever its declared length. */
    public Mono<byte[]> bytes(HttpServerRequest request) {
        String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null && declaredLength(declared) > maxBytes) {
            return Mono.error(new ProblemException(Problem.tooLarge(maxBytes)));
        }
        return request.receive()
                .asByteArray()
                .collect(ByteArrayOutputStream::new, (buffer, chunk) -> {
                    if (buffer.size() + (long) chunk.length > maxBytes) {
                        throw new ProblemException(Problem.tooLarge(maxBytes));
                    }
                    buffer.writeBytes(chunk);
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private JsonNode parse(byte[] body) {
        return parse(body, "The request body");
    }

    /**
     * Parses one JSON value with nothing after it (a second concatenated value must not be dropped
     * silently); a 400 problem that names {@code subject} (e.g. "Line 7") otherwise.
     */
    public JsonNode parse(byte[] body, String subject) {
        if (body.length == 0) {
            throw new ProblemException(Problem.malformed(subject + " is empty; send a JSON object."));
        }
        try {
            JsonNode tree = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new ProblemException(Problem.malformed(subject + " is blank; send a JSON object."));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.malformed(subject + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")."));
        } catch (java.io.IOException e) {
            throw new ProblemException(Problem.malformed(subject + " cannot be read as JSON."));
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.malformed("Content-Length '" + header + "' is not a number."));
        }
    }
}
