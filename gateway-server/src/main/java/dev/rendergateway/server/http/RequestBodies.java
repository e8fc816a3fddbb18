package dev.rendergateway.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.json.WarmMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body whole, refusing it with 413 as soon as it grows past the configured limit, and parses
 * it under parser limits (nesting depth, string and number length) so that no body can exhaust the stack or
 * the heap.
 */
public final class RequestBodies {

    /** The nesting depth allowed when none is configured. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    private static final int MAX_NUMBER_CHARS = 100;

    private final ObjectMapper mapper;
    private final long maxBytes;
    private final int maxDepth;

    public RequestBodies(ObjectMapper mapper, long maxBytes) {
        this(mapper, maxBytes, DEFAULT_MAX_DEPTH);
    }

    /** Bodies of at most {@code maxBytes}, nested at most {@code maxDepth} deep. */
    public RequestBodies(ObjectMapper mapper, long maxBytes, int maxDepth) {
        this.mapper = constrained(mapper, maxBytes, maxDepth);
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    private static ObjectMapper constrained(ObjectMapper mapper, long maxBytes, int maxDepth) {
        ObjectMapper copy = mapper.copy();
        copy.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                .maxNumberLength(MAX_NUMBER_CHARS)
                .build());
        return WarmMapper.of(copy);
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
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.malformed(subject + " exceeds a parser limit (nesting depth at most "
                    + maxDepth + ", GATEWAY_MAX_JSON_DEPTH; numbers of at most " + MAX_NUMBER_CHARS + " digits)."));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ProblemException(Problem.malformed(subject + " is not valid JSON: "
                    + e.getOriginalMessage() + where + "."));
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
