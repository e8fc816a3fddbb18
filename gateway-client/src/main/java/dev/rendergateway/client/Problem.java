package dev.rendergateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem as the gateway answers it ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, and every other member (e.g. {@code errors}, {@code retryAfter}) in {@link #extra()}.
 */
public record Problem(String type, String title, int status, String detail, Map<String, JsonNode> extra) {

    public Problem {
        extra = Map.copyOf(extra);
    }

    /** One extension member, such as {@code errors} for a validation problem. */
    public Optional<JsonNode> member(String name) {
        return Optional.ofNullable(extra.get(name));
    }

    /** One line for people: {@code "422 Invalid request: movie.scenes: must be a non-empty array"}. */
    public String summary() {
        String head = status + " " + (title == null ? "" : title);
        return detail == null || detail.isBlank() ? head : head + ": " + detail;
    }
}
