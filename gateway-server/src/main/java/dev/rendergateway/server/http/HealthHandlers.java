package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.store.RenderStore;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /health/live} and {@code /health/ready}: whether the process runs, and whether it can take work:
 * not ready (503 problem+json naming the reason) while its store, Redis, does not answer.
 */
public final class HealthHandlers {

    private static final Duration STORE_CHECK = Duration.ofSeconds(1);

    private final RenderPipeline pipeline;
    private final RenderStore store;
    private final String storeKind;
    private final Replies replies;
    private final ObjectMapper mapper;

    public HealthHandlers(RenderPipeline pipeline, RenderStore store, String storeKind, Replies replies,
                          ObjectMapper mapper) {
        this.pipeline = pipeline;
        this.store = store;
        this.storeKind = storeKind;
        this.replies = replies;
        this.mapper = mapper;
    }

    /** Readiness without a shared store: always ready. */
    public HealthHandlers(RenderPipeline pipeline, Replies replies, ObjectMapper mapper) {
        this(pipeline, new InMemoryRenderStore(), "in memory", replies, mapper);
    }

    public Mono<Void> live(HttpServerRequest request, HttpServerResponse response) {
        return replies.json(response, 200, mapper.createObjectNode().put("status", "UP"));
    }

    public Mono<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        return store.ping()
                .timeout(STORE_CHECK)
                .thenReturn("")
                .onErrorResume(error -> Mono.just(reason(error)))
                .flatMap(reason -> reason.isEmpty() ? up(response) : down(response, reason));
    }

    private Mono<Void> up(HttpServerResponse response) {
        ObjectNode body = mapper.createObjectNode().put("status", "UP");
        body.putObject("details")
                .put("store", "UP (" + storeKind + ")")
                .put("activePollers", pipeline.activePollers());
        return replies.json(response, 200, body);
    }

    private Mono<Void> down(HttpServerResponse response, String reason) {
        ObjectNode extra = mapper.createObjectNode();
        extra.putObject("details")
                .put("store", "DOWN (" + storeKind + "): " + reason)
                .put("activePollers", pipeline.activePollers());
        Problem problem = new Problem(503, "not-ready", "Not ready",
                "The gateway cannot reach its store (" + storeKind + "): " + reason, java.util.List.of(),
                Duration.ofSeconds(5));
        return replies.problem(response, problem, extra);
    }

    private static String reason(Throwable error) {
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + STORE_CHECK.toMillis() + " ms";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
