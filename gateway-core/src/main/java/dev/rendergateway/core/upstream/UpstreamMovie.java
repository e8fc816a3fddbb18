package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/** What the upstream's status answer says of one render; fields it did not send are null. */
public record UpstreamMovie(
        String project,
        String status,
        Integer progress,
        String message,
        String url,
        String thumbnail,
        Double duration,
        Instant createdAt,
        JsonNode clientData,
        Double consumedCredits) {

    /** Reads the {@code movie} object of a status answer, tolerating unknown and missing fields. */
    public static UpstreamMovie fromJson(JsonNode movie) {
        return new UpstreamMovie(
                text(movie, "project"),
                text(movie, "status") == null ? null : text(movie, "status").toLowerCase(Locale.ROOT),
                movie.hasNonNull("progress") && movie.get("progress").isNumber() ? movie.get("progress").asInt() : null,
                text(movie, "message"),
                text(movie, "url"),
                text(movie, "thumbnail"),
                movie.hasNonNull("duration") ? movie.get("duration").asDouble() : null,
                instant(text(movie, "created_at")),
                movie.hasNonNull("client-data") ? movie.get("client-data") : null,
                number(movie, "consumed_credits"));
    }

    /** The movie's tag of the gateway's render id in its {@code client-data}, if it carries one. */
    public java.util.Optional<String> taggedRenderId() {
        return MovieTag.renderIdOf(clientData);
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

    /** The upstream's timestamps ({@code 2025-05-28T14:57:34.393Z}); anything else is treated as unknown. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException notIso) {
            return null;
        }
    }

    /** A number, or a number written as a string; null when absent or not a number. */
    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isNumber()) {
            return value.asDouble();
        }
        if (value != null && value.isTextual()) {
            try {
                double parsed = Double.parseDouble(value.asText().trim());
                return Double.isFinite(parsed) ? parsed : null;
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
