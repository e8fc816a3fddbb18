package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The two operations of {@code /v2/movies}, as the upstream answers them, without transport concerns. */
final class MoviesEndpoint {
    private static final long MOVIE_QUOTA = 10_000;
    private static final ObjectMapper MAPPER = SandboxJson.MAPPER;

    private final SandboxEngine engine;
    private final SandboxCounters counters;
    private final Clock clock;

    MoviesEndpoint(SandboxEngine engine, SandboxCounters counters, Clock clock) {
        this.engine = engine;
        this.counters = counters;
        this.clock = clock;
    }

    /** {@code POST /v2/movies}: accepts a movie object and starts its render. */
    Answer create(byte[] body) {
        JsonNode movie;
        try {
            movie = MAPPER.readTree(body);
        } catch (IOException e) {
            return Answer.failure(400, "Invalid JSON in request body");
        }
        if (movie == null || !movie.isObject()) {
            return Answer.failure(400, "The movie must be a JSON object");
        }
        String project = engine.create(movie);
        counters.recordRenderCreated();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        answer.put("project", project);
        answer.put("timestamp", MovieState.iso(clock.instant()));
        return Answer.json(200, answer);
    }

    /** {@code GET /v2/movies}: the status of {@code project} (alias {@code id}), or an empty listing. */
    Answer read(Map<String, List<String>> query) {
        Optional<String> project = first(query, "project").or(() -> first(query, "id"));
        if (project.isEmpty()) {
            return listing();
        }
        return engine.status(project.get())
                .map(this::status)
                .orElseGet(() -> Answer.failure(404, "Movie not found"));
    }

    private Answer status(MovieState state) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        ObjectNode movie = state.toJson();
        movie.put("consumed_credits", state.terminal() ? Math.ceil(state.duration() == null ? 0 : state.duration()) : 0);
        answer.set("movie", movie);
        answer.set("remaining_quota", quota());
        answer.put("sandbox_note", "clients must tolerate fields they do not know");
        return Answer.json(200, answer);
    }

    private Answer listing() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        answer.putArray("movies");
        answer.put("count", 0);
        answer.put("has_next", false);
        answer.put("has_prev", false);
        answer.set("remaining_quota", quota());
        return Answer.json(200, answer);
    }

    private ObjectNode quota() {
        ObjectNode quota = JsonNodeFactory.instance.objectNode();
        quota.put("movies", Math.max(0, MOVIE_QUOTA - engine.size()));
        quota.put("drafts", 100);
        quota.put("time", 36_000);
        return quota;
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty() : Optional.of(values.get(0).trim());
    }
}
