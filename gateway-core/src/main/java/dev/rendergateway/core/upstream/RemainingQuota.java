package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The account-wide {@code remaining_quota} an upstream answer reports: movies and drafts left, and seconds of
 * rendering time left; a field the answer did not carry is null.
 */
public record RemainingQuota(Long movies, Long drafts, Double time) {

    /** Reads {@code remaining_quota} of an answer, if it carries one. */
    public static Optional<RemainingQuota> of(JsonNode answer) {
        JsonNode quota = answer == null ? null : answer.get("remaining_quota");
        if (quota == null || !quota.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new RemainingQuota(whole(quota, "movies"), whole(quota, "drafts"),
                quota.path("time").isNumber() ? quota.get("time").asDouble() : null));
    }

    /** Whether the upstream says no movie can be rendered now. */
    public boolean noMoviesLeft() {
        return movies != null && movies <= 0;
    }

    private static Long whole(JsonNode quota, String field) {
        return quota.path(field).isNumber() ? quota.get(field).asLong() : null;
    }
}
