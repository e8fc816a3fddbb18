package dev.rendergateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.upstream.Json2VideoClient;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamFailure;
import dev.rendergateway.core.upstream.UpstreamListQuery;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.core.upstream.UpstreamMoviePage;
import dev.rendergateway.sandbox.MoviePage;
import dev.rendergateway.sandbox.SandboxEngine;
import dev.rendergateway.sandbox.faults.FaultDecision;
import dev.rendergateway.sandbox.faults.SandboxFaults;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * A {@link Json2VideoClient} that talks to the sandbox's render engine in-process, without HTTP, with
 * the sandbox's fault model, so that pipeline specs can run under virtual time against the real
 * simulation. Each fault fails the way the HTTP client classifies the same fault on the wire.
 */
public final class SandboxEngineClient implements Json2VideoClient {

    private final SandboxEngine engine;
    private final SandboxFaults faults = new SandboxFaults(7);
    private final AtomicLong submits = new AtomicLong();
    private final AtomicLong statusChecks = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();

    public SandboxEngineClient(SandboxEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<String> submit(JsonNode movie) {
        return Mono.fromSupplier(() -> {
            submits.incrementAndGet();
            FaultDecision decision = faults.decide("POST");
            if (decision.faulty()) {
                return failOrCreate(decision, movie);
            }
            return engine.create(movie);
        });
    }

    @Override
    public Mono<UpstreamMovie> status(String project) {
        return Mono.fromSupplier(() -> {
            statusChecks.incrementAndGet();
            FaultDecision decision = faults.decide("GET");
            if (decision.faulty()) {
                throw failure(decision);
            }
            return engine.status(project)
                    .map(state -> UpstreamMovie.fromJson(state.toJson()))
                    .orElseThrow(() -> new UpstreamException(UpstreamFailure.REJECTED, 404, "Movie not found"));
        });
    }

    @Override
    public Mono<UpstreamMoviePage> list(UpstreamListQuery query) {
        return Mono.fromSupplier(() -> {
            lists.incrementAndGet();
            FaultDecision decision = faults.decide("GET");
            if (decision.faulty()) {
                throw failure(decision);
            }
            MoviePage page = engine.list(query.from(), query.to(), query.limit(),
                    query.nextToken() == null ? null : Long.parseLong(query.nextToken()));
            return new UpstreamMoviePage(page.movies().stream().map(state -> UpstreamMovie.fromJson(state.toJson()))
                    .toList(), page.hasNext() ? Long.toString(page.nextToken()) : null);
        });
    }

    /** How many list-mode reads were attempted through this client, failed or not. */
    public long lists() {
        return lists.get();
    }

    private String failOrCreate(FaultDecision decision, JsonNode movie) {
        switch (decision.fault()) {
            case DROP_AFTER_READ, UNPARSEABLE -> engine.create(movie);
            default -> { }
        }
        throw failure(decision);
    }

    private static UpstreamException failure(FaultDecision decision) {
        return switch (decision.fault()) {
            case RATE_LIMITED -> new UpstreamException(UpstreamFailure.RATE_LIMITED, 429, "Too many requests",
                    Duration.ofSeconds(decision.retryAfterSeconds()), null);
            case SERVER_ERROR -> new UpstreamException(UpstreamFailure.SERVER_ERROR, 500, "Internal server error");
            case BAD_GATEWAY -> new UpstreamException(UpstreamFailure.SERVER_ERROR, 502, "Bad gateway");
            case DROP_AFTER_READ -> new UpstreamException(UpstreamFailure.NO_ANSWER, 0, "connection dropped");
            case UNPARSEABLE -> new UpstreamException(UpstreamFailure.UNPARSEABLE, 200, "not JSON");
            case NOT_FOUND -> new UpstreamException(UpstreamFailure.REJECTED, 404, "Movie not found");
        };
    }

    /** The fault injection of this client: the sandbox's own, applied in-process. */
    public SandboxFaults faults() {
        return faults;
    }

    /** How many POSTs were attempted through this client, failed or not. */
    public long submits() {
        return submits.get();
    }

    /** How many status checks were attempted through this client, failed or not. */
    public long statusChecks() {
        return statusChecks.get();
    }

    /** The engine behind this client. */
    public SandboxEngine engine() {
        return engine;
    }
}
