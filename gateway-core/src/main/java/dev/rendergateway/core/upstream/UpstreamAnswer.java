package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/** One whole HTTP answer of the upstream, turned into a result or a classified {@link UpstreamException}. */
record UpstreamAnswer(int status, String retryAfter, String contentType, String body, Instant receivedAt) {

    /** The project id of a successful {@code POST /v2/movies} answer. */
    String project(ObjectMapper mapper) {
        JsonNode json = successfulJson(mapper);
        JsonNode project = json.get("project");
        if (project == null || !project.isTextual() || project.asText().isBlank()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer without a project id");
        }
        return project.asText();
    }

    /** The movie of a successful {@code GET /v2/movies?project=} answer. */
    UpstreamMovie movie(ObjectMapper mapper) {
        JsonNode movie = successfulJson(mapper).get("movie");
        if (movie == null || !movie.isObject()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer without a movie");
        }
        return UpstreamMovie.fromJson(movie);
    }

    /** One page of a successful list-mode answer; a movie that is not an object is skipped. */
    UpstreamMoviePage page(ObjectMapper mapper) {
        JsonNode json = successfulJson(mapper);
        JsonNode movies = json.get("movies");
        if (movies == null || !movies.isArray()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "list answer without movies");
        }
        java.util.List<UpstreamMovie> page = new java.util.ArrayList<>();
        movies.forEach(movie -> {
            if (movie.isObject()) {
                page.add(UpstreamMovie.fromJson(movie));
            }
        });
        JsonNode next = json.get("next_token");
        boolean more = json.path("has_next").asBoolean(next != null && !next.isNull());
        String token = more && next != null && !next.isNull() && !next.asText().isBlank() ? next.asText() : null;
        return new UpstreamMoviePage(page, token);
    }

    /** The account's {@code remaining_quota}, if this answer (successful or not) carries one. */
    java.util.Optional<RemainingQuota> remainingQuota(ObjectMapper mapper) {
        return body.contains("remaining_quota") ? RemainingQuota.of(parse(mapper)) : java.util.Optional.empty();
    }

    private JsonNode successfulJson(ObjectMapper mapper) {
        JsonNode json = parse(mapper);
        if (status == 429) {
            throw new UpstreamException(UpstreamFailure.RATE_LIMITED, status, message(json, "too many requests"),
                    RetryAfter.parse(retryAfter, receivedAt), null);
        }
        if (status >= 500) {
            throw new UpstreamException(UpstreamFailure.SERVER_ERROR, status, message(json, "server error"));
        }
        if (status >= 400) {
            throw new UpstreamException(UpstreamFailure.REJECTED, status, message(json, "request refused"));
        }
        if (status < 200 || status >= 300) {
            // A 1xx that is not a response, or a redirect (never followed): not an answer the API gives.
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "unexpected HTTP status");
        }
        if (json == null || !json.isObject()) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, status, "answer is not a JSON object");
        }
        if (!json.path("success").asBoolean(false)) {
            throw new UpstreamException(UpstreamFailure.UNSUCCESSFUL, status, message(json, "unsuccessful answer"));
        }
        return json;
    }

    private JsonNode parse(ObjectMapper mapper) {
        try {
            return body.isEmpty() ? null : mapper.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The upstream's {@code message}, or what kind of answer came instead (a proxy's HTML page, say). */
    private String message(JsonNode json, String fallback) {
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
