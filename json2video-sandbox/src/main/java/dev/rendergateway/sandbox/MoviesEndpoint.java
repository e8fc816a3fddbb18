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
import java.util.concurrent.atomic.AtomicLong;

/** The two operations of {@code /v2/movies}, as the upstream answers them, without transport concerns. */
final class MoviesEndpoint {
    /** The account's movie quota unless a test sets another. */
    static final long DEFAULT_MOVIE_QUOTA = 10_000;
    private static final ObjectMapper MAPPER = SandboxJson.MAPPER;

    private final SandboxEngine engine;
    private final SandboxCounters counters;
    private final Clock clock;
    private final AtomicLong movieQuota = new AtomicLong(DEFAULT_MOVIE_QUOTA);

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
        if (remainingMovies() <= 0) {
            // As JSON2Video answers an account without movies left: 401 with the quota.
            ObjectNode refusal = JsonNodeFactory.instance.objectNode();
            refusal.put("success", false);
            refusal.put("message", "Movie quota exceeded");
            refusal.set("remaining_quota", quota());
            return Answer.json(401, refusal);
        }
        String project = engine.create(movie);
        counters.recordRenderCreated();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        answer.put("project", project);
        answer.put("timestamp", MovieState.iso(clock.instant()));
        answer.set("remaining_quota", quota());
        return Answer.json(200, answer);
    }

    /** Sets how many movies the account may render in all (created ones count against it). */
    void movieQuota(long movies) {
        movieQuota.set(movies);
    }

    private long remainingMovies() {
        return Math.max(0, movieQuota.get() - engine.size());
    }

    /** {@code GET /v2/movies}: the status of {@code project} (alias {@code id}), or list mode without one. */
    Answer read(Map<String, List<String>> query) {
        Optional<String> project = first(query, "project").or(() -> first(query, "id"));
        if (project.isEmpty()) {
            return listing(query);
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

    /**
     * List mode: {@code from}/{@code to} (UTC dates, at most 93 days apart; default today), {@code limit} 1–100
     * (default 10) and the {@code next_token} of the previous page; newest first, each movie with its
     * {@code client-data}.
     */
    private Answer listing(Map<String, List<String>> query) {
        ListQuery list;
        try {
            list = ListQuery.parse(query, clock);
        } catch (IllegalArgumentException invalid) {
            return Answer.failure(400, invalid.getMessage());
        }
        MoviePage page = engine.list(list.from(), list.to(), list.limit(), list.after());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("success", true);
        page.movies().forEach(state -> answer.withArray("movies").add(state.toJson()));
        answer.withArray("movies");
        answer.put("count", page.movies().size());
        answer.put("has_next", page.hasNext());
        answer.put("has_prev", page.hasPrevious());
        if (page.hasNext()) {
            answer.put("next_token", Long.toString(page.nextToken()));
        }
        answer.set("remaining_quota", quota());
        return Answer.json(200, answer);
    }

    private ObjectNode quota() {
        ObjectNode quota = JsonNodeFactory.instance.objectNode();
        quota.put("movies", remainingMovies());
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
