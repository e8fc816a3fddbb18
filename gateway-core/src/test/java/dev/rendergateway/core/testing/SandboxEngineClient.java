package dev.rendergateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.upstream.Json2VideoClient;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamFailure;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.sandbox.SandboxEngine;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * A {@link Json2VideoClient} that talks to the sandbox's render engine in-process, without HTTP, so
 * that pipeline specs can run under virtual time against the real simulation.
 */
public final class SandboxEngineClient implements Json2VideoClient {

    private final SandboxEngine engine;
    private final AtomicLong submits = new AtomicLong();
    private final AtomicLong statusChecks = new AtomicLong();

    public SandboxEngineClient(SandboxEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<String> submit(JsonNode movie) {
        return Mono.fromSupplier(() -> {
            submits.incrementAndGet();
            return engine.create(movie);
        });
    }

    @Override
    public Mono<UpstreamMovie> status(String project) {
        return Mono.fromSupplier(() -> {
            statusChecks.incrementAndGet();
            return engine.status(project)
                    .map(state -> UpstreamMovie.fromJson(state.toJson()))
                    .orElseThrow(() -> new UpstreamException(UpstreamFailure.REJECTED, 404, "Movie not found"));
        });
    }

    /** How many renders were submitted through this client. */
    public long submits() {
        return submits.get();
    }

    /** How many status checks were made through this client. */
    public long statusChecks() {
        return statusChecks.get();
    }
}
