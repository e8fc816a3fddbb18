package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** What the upstream's status answer says of one render; fields it did not send are null. */
public record UpstreamMovie(
        String project,
        String status,
        Integer progress,
        String message,
        String url,
        String thumbnail,
        Double duration) {

    /** Reads the {@code movie} object of a status answer, tolerating unknown and missing fields. */
    public static UpstreamMovie fromJson(JsonNode movie) {
        return new UpstreamMovie(
                text(movie, "project"),
                text(movie, "status") == null ? null : text(movie, "status").toLowerCase(Locale.ROOT),
                movie.hasNonNull("progress") && movie.get("progress").isNumber() ? movie.get("progress").asInt() : null,
                text(movie, "message"),
                text(movie, "url"),
                text(movie, "thumbnail"),
                movie.hasNonNull("duration") ? movie.get("duration").asDouble() : null);
    }

    public boolean isDone() {
        return "done".equals(status);
    }

    public boolean isFailed() {
        return "error".equals(status);
    }

    public boolean isTimedOut() {
        return "timeout".equals(status);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
