package dev.rendergateway.loadtests.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The official SDK's pattern: one client POSTs {@code /v2/movies}, then each of W watchers polls
 * {@code GET /v2/movies?project=} every period until the render ends. Watchers start at random phases.
 */
public final class SdkPatternClients {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("done", "error", "timeout");

    private final LoopbackHttp http;
    private final Duration period;
    private final Duration deadline;
    private final AtomicLong polls = new AtomicLong();

    /** Clients on {@code http}, polling every {@code period}, each giving up after {@code deadline}. */
    public SdkPatternClients(LoopbackHttp http, Duration period, Duration deadline) {
        this.http = http;
        this.period = period;
        this.deadline = deadline;
    }

    /** Submits {@code renders} movies to {@code target} and watches each with {@code watchers} clients. */
    public Mono<Void> run(SdkPatternTarget target, BenchMovie movie, int renders, int watchers) {
        return Flux.range(0, renders)
                .flatMap(i -> submit(target, movie))
                .flatMap(project -> Flux.range(0, watchers).flatMap(w -> watch(target, project), watchers))
                .then();
    }

    /** Status requests the watchers made so far. */
    public long polls() {
        return polls.get();
    }

    private Mono<String> submit(SdkPatternTarget target, BenchMovie movie) {
        return http.post(target.baseUrl() + "/v2/movies", target.headers(), movie.json())
                .map(reply -> field(reply, "project"));
    }

    private Mono<Void> watch(SdkPatternTarget target, String project) {
        Duration phase = Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, period.toMillis())));
        String url = target.baseUrl() + "/v2/movies?project=" + project;
        return Flux.interval(phase, period)
                .onBackpressureDrop()
                .concatMap(tick -> http.get(url, target.headers()).doOnSubscribe(s -> polls.incrementAndGet())
                        .onErrorResume(e -> Mono.just(new Reply(0, ""))), 1)
                .takeUntil(reply -> TERMINAL.contains(status(reply)))
                .take(deadline)
                .then();
    }

    private static String status(Reply reply) {
        if (reply.status() != 200) {
            return "";
        }
        return field(reply, "status");
    }

    private static String field(Reply reply, String name) {
        try {
            JsonNode json = MAPPER.readTree(reply.body());
            JsonNode value = json.has(name) ? json.get(name) : json.path("movie").path(name);
            if (value.isMissingNode() || value.isNull()) {
                throw new IllegalStateException("answer " + reply.status() + " without " + name + ": " + reply.body());
            }
            return value.asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer " + reply.status() + ": " + reply.body(), e);
        }
    }
}
