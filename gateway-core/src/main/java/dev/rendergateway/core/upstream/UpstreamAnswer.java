package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.http.RetryAfter;
import java.io.IOException;
import java.time.Instant;

/**
 * One whole HTTP answer of the upstream, its body parsed once ({@code json} is null when it is not JSON), turned
 * into a result or a classified {@link UpstreamException}.
 */
record UpstreamAnswer(int status, String retryAfter, String contentType, String body, JsonNode json,
                      Instant receivedAt) {

    /** The answer with its body parsed. */
    static UpstreamAnswer read(int status, String retryAfter, String contentType, String body, Instant receivedAt,
                               ObjectMapper mapper) {
        return new UpstreamAnswer(status, retryAfter, contentType, body, parse(body, mapper), receivedAt);
    }

    /** The project id of a successful {@code POST /v2/movies} answer. */
    String project() {
        JsonNode project = successfulJson().get("project");
        if (project == null || !project.isTextual() || project.asText().isBlank()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer without a project id");
        }
        return project.asText();
    }

    /** The movie of a successful {@code GET /v2/movies?project=} answer. */
    UpstreamMovie movie() {
        JsonNode movie = successfulJson().get("movie");
        if (movie == null || !movie.isObject()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer without a movie");
        }
        return UpstreamMovie.fromJson(movie);
    }

    /** One page of a successful list-mode answer; a movie that is not an object is skipped. */
    UpstreamMoviePage page() {
        JsonNode list = successfulJson();
        JsonNode movies = list.get("movies");
        if (movies == null || !movies.isArray()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "list answer without movies");
        }
        java.util.List<UpstreamMovie> page = new java.util.ArrayList<>();
        movies.forEach(movie -> {
            if (movie.isObject()) {
                page.add(UpstreamMovie.fromJson(movie));
            }
        });
        JsonNode next = list.get("next_token");
        boolean more = list.path("has_next").asBoolean(next != null && !next.isNull());
        String token = more && next != null && !next.isNull() && !next.asText().isBlank() ? next.asText() : null;
        return new UpstreamMoviePage(page, token);
    }

    /** The account's {@code remaining_quota}, if this answer (successful or not) carries one. */
    java.util.Optional<RemainingQuota> remainingQuota() {
        return RemainingQuota.of(json);
    }

    private JsonNode successfulJson() {
        if (status == 429) {
            throw new UpstreamException(UpstreamFailure.RATE_LIMITED, status, message("too many requests"),
                    RetryAfter.parse(retryAfter, receivedAt), null);
        }
        if (status >= 500) {
            throw new UpstreamException(UpstreamFailure.SERVER_ERROR, status, message("server error"));
        }
        if (status >= 400) {
            throw new UpstreamException(UpstreamFailure.REJECTED, status, message("request refused"));
        }
        if (status < 200 || status >= 300) {
            // A 1xx that is not a response, or a redirect (never followed): not an answer the API gives.
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "unexpected HTTP status");
        }
        if (json == null || !json.isObject()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer is not a JSON object");
        }
        if (!json.path("success").asBoolean(false)) {
            throw new UpstreamException(UpstreamFailure.UNSUCCESSFUL, status, message("unsuccessful answer"));
        }
        return json;
    }

    private static JsonNode parse(String body, ObjectMapper mapper) {
        try {
            return body.isEmpty() ? null : mapper.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The upstream's {@code message}, or what kind of answer came instead (a proxy's HTML page, say). */
    private String message(String fallback) {
        if (json != null && json.hasNonNull("message")) {
            return json.get("message").asText();
        }
        if (json == null && !body.isEmpty()) {
            return fallback + " (a " + (contentType == null ? "body without a content type" : contentType
                    .split(";", 2)[0].trim() + " body") + ", not JSON)";
        }
        return fallback;
    }

    /** Classifies a failure with no usable answer by whether the request had been fully written. */
    static UpstreamException transportFailure(Throwable error, boolean requestWritten) {
        UpstreamFailure failure = requestWritten ? UpstreamFailure.NO_ANSWER : UpstreamFailure.NOT_SENT;
        String what = error.getClass().getSimpleName();
        return new UpstreamException(failure, 0, requestWritten
                ? "no answer after the request was sent (" + what + ")"
                : "request not sent (" + what + ")", null, error);
    }
}
