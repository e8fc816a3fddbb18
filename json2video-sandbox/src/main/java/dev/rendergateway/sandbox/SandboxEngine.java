package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.sandbox.faults.SeededRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The render simulation without HTTP: accepts movies and answers their state from the clock at query time.
 * Thread-safe and lock-free.
 */
public final class SandboxEngine {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 16;

    private final ConcurrentMap<String, Render> renders = new ConcurrentHashMap<>();
    /** Every render by its creation sequence, for list mode (newest first). */
    private final ConcurrentSkipListMap<Long, Render> bySequence = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;
    private final Duration renderTime;
    private final Duration pendingTime;
    private final SeededRandom random;
    /** Renders with webhook destinations whose end has not been announced yet; removed once called. */
    private final ConcurrentMap<String, Render> unannounced = new ConcurrentHashMap<>();
    private final WebhookCalls webhookCalls;
    /** Where the thumbnails of renders created from now on are: a name only, until the sandbox serves them. */
    private volatile String thumbnails = Render.ASSETS;

    /** An engine with the clock, phase lengths and seed of the configuration. */
    public SandboxEngine(SandboxConfig config) {
        this.clock = config.clock();
        this.renderTime = config.renderTime();
        this.pendingTime = config.pendingTime();
        this.random = new SeededRandom(config.seed());
        this.webhookCalls = new WebhookCalls(config.webhookBody());
    }

    /** Accepts a movie object and returns the new 16-character alphanumeric project id. */
    public String create(JsonNode movie) {
        Objects.requireNonNull(movie, "movie");
        if (!movie.isObject()) {
            throw new IllegalArgumentException("a movie must be a JSON object");
        }
        MovieSpec spec = MovieSpec.of(movie);
        Duration time = spec.renderTime().orElse(renderTime);
        while (true) {
            String project = newId();
            Render render = new Render(project, clock.instant(), pendingTime, time, spec, thumbnails);
            if (renders.putIfAbsent(project, render) == null) {
                bySequence.put(sequence.incrementAndGet(), render);
                if (!spec.webhooks().isEmpty()) {
                    unannounced.put(project, render);
                }
                return project;
            }
        }
    }

    /**
     * Makes the renders created from now on carry the thumbnail URL {@code base + project + "/thumbnail.jpg"};
     * the running sandbox sets it to its own {@code /assets/}, where it serves a real JPEG.
     */
    void thumbnailsAt(String base) {
        this.thumbnails = Objects.requireNonNull(base, "base");
    }

    /** The state of a render now, or empty when the project is unknown. */
    public Optional<MovieState> status(String project) {
        if (project == null) {
            return Optional.empty();
        }
        Render render = renders.get(project);
        return render == null ? Optional.empty() : Optional.of(render.stateAt(clock.instant()));
    }

    /**
     * The webhook calls of every render that has ended by now (done or error) and not been announced yet, as
     * JSON2Video makes them: one POST per webhook destination of the movie. Each render's calls are taken
     * exactly once, however many callers ask concurrently.
     */
    public java.util.List<WebhookCall> takeDueWebhooks() {
        java.time.Instant now = clock.instant();
        java.util.List<WebhookCall> due = new java.util.ArrayList<>();
        for (Render render : unannounced.values()) {
            MovieState state = render.stateAt(now);
            if (state.terminal() && unannounced.remove(render.project(), render)) {
                render.spec().webhooks().forEach(destination -> due.add(webhookCalls.call(state, destination)));
            }
        }
        return due;
    }

    /**
     * List mode: the renders created on the UTC days {@code from} to {@code to} (inclusive), newest first, at
     * most {@code limit}, starting after the cursor {@code after} (a {@link MoviePage#nextToken()}, or null).
     */
    public MoviePage list(LocalDate from, LocalDate to, int limit, Long after) {
        Instant now = clock.instant();
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        NavigableMap<Long, Render> newestFirst = after == null
                ? bySequence.descendingMap() : bySequence.headMap(after, false).descendingMap();
        List<MovieState> movies = new ArrayList<>();
        Long last = null;
        boolean more = false;
        for (Map.Entry<Long, Render> entry : newestFirst.entrySet()) {
            Instant created = entry.getValue().createdAt();
            if (created.isBefore(start)) {
                break;
            }
            if (!created.isBefore(end)) {
                continue;
            }
            if (movies.size() == limit) {
                more = true;
                break;
            }
            movies.add(entry.getValue().stateAt(now));
            last = entry.getKey();
        }
        return new MoviePage(movies, more ? last : null, after != null);
    }

    /** The project ids of every render created so far. */
    public java.util.Set<String> projects() {
        return java.util.Set.copyOf(renders.keySet());
    }

    /** How many renders were created. */
    public int size() {
        return renders.size();
    }

    private String newId() {
        SplittableRandom generator = random.next();
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ALPHABET.charAt(generator.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
