package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * An RFC 9457 problem: what went wrong with a request, said so that a person and a program can act on
 * it. {@code errors} names offending fields for validation problems; {@code retryAfter} feeds the
 * {@code Retry-After} header of 429 and 503 answers.
 */
public record Problem(int status, String slug, String title, String detail, List<FieldError> errors,
                      Duration retryAfter) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One offending field of a request: a JSON-pointer-like path and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /** The RFC 9457 body: {@code type}, {@code title}, {@code status}, {@code detail}, and {@code errors} if any. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode()
                .put("type", type())
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        }
        return body;
    }

    /** The problem type URI, relative to the gateway: {@code /problems/<slug>}. */
    public String type() {
        return "/problems/" + slug;
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, List.of(), null);
    }

    public static Problem unauthorized(String detail) {
        return of(401, "unauthorized", "Unauthorized", detail);
    }

    public static Problem malformed(String detail) {
        return of(400, "malformed-request", "Malformed request", detail);
    }

    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new Problem(422, "validation", "Invalid request", detail, errors, null);
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    public static Problem conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    public static Problem tooLarge(long maxBytes) {
        return of(413, "payload-too-large", "Payload too large",
                "The request body exceeds the limit of " + maxBytes + " bytes (GATEWAY_MAX_BODY).");
    }

    /** 405: the path exists but not with this method; the answer's {@code Allow} header lists what it takes. */
    public static Problem methodNotAllowed(String method, String path, String allow) {
        return of(405, "method-not-allowed", "Method not allowed",
                method + " is not supported on " + path + "; it allows " + allow + ".");
    }

    /** 415: the body is declared as a type the endpoint does not read. */
    public static Problem unsupportedMediaType(String declared, List<String> accepted) {
        return of(415, "unsupported-media-type", "Unsupported media type", "The body is declared as '" + declared
                + "'; send it as " + String.join(" or ", accepted) + " (Content-Type header).");
    }

    /** 429: the submission queue is full; {@code retryAfter} comes from its real drain rate. */
    public static Problem queueFull(String detail, Duration retryAfter) {
        return new Problem(429, "queue-full", "Too many queued renders", detail, List.of(), retryAfter);
    }

    /** 429: the tenant's daily credits are consumed; {@code retryAfter} runs to the next UTC midnight. */
    public static Problem quotaExceeded(String detail, Duration retryAfter) {
        return new Problem(429, "quota-exceeded", "Daily credit quota exceeded", detail, List.of(), retryAfter);
    }

    /** 503: the shared store (Redis) is unreachable; nothing was accepted, retry after {@code retryAfter}. */
    public static Problem storeUnavailable(Duration retryAfter) {
        return new Problem(503, "store-unavailable", "Service unavailable",
                "The gateway cannot reach its shared store (Redis) right now; nothing was accepted. Retry later.",
                List.of(), retryAfter);
    }

    public static Problem internal() {
        return of(500, "internal", "Internal error",
                "The gateway failed to handle this request; it has been logged. Retry later.");
    }
}
