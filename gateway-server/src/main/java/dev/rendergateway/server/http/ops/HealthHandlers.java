package dev.rendergateway.server.http.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.Readiness;
import dev.rendergateway.server.http.Replies;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /health/live} and {@code /health/ready}: whether the process runs, and whether it can take work,
 * with details: the store (in memory or Redis, answering a ping within {@link #STORE_CHECK}), the circuit
 * breaker, the queue and pollers, and the account's remaining quota. Ready is 200 unless the store cannot be reached (the reason is named) or the
 * gateway drains; an open breaker is reported but keeps the instance ready, because renders are still
 * accepted and queued (and every instance shares the upstream, so taking this one out would not help).
 */
public final class HealthHandlers {

    /** How long the store may take to answer the readiness probe. */
    static final Duration STORE_CHECK = Duration.ofSeconds(2);

    private final RenderPipeline pipeline;
    private final RenderStore store;
    private final String storeKind;
    private final GuardedUpstream upstream;
    private final Readiness readiness;
    private final Replies replies;
    private final ObjectMapper mapper;

    public HealthHandlers(RenderPipeline pipeline, RenderStore store, String storeKind, GuardedUpstream upstream,
                          Readiness readiness, Replies replies, ObjectMapper mapper) {
        this.pipeline = pipeline;
        this.store = store;
        this.storeKind = storeKind;
        this.upstream = upstream;
        this.readiness = readiness;
        this.replies = replies;
        this.mapper = mapper;
    }

    public Mono<Void> live(HttpServerRequest request, HttpServerResponse response) {
        return replies.json(response, 200, mapper.createObjectNode().put("status", "UP"));
    }

    /** 200 with details when ready; otherwise a 503 problem+json carrying the same details. */
    public Mono<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        return storeProblem().flatMap(reason -> {
            boolean storeUp = reason.isEmpty();
            boolean draining = readiness.isDraining();
            ObjectNode details = mapper.createObjectNode()
                    .put("store", storeUp ? "UP (" + storeKind + ")" : "DOWN (" + storeKind + "): " + reason)
                    .put("draining", draining)
                    .put("circuitBreaker", breakerState())
                    .put("queueDepth", pipeline.queue().size())
                    .put("activePollers", pipeline.activePollers());
            details.set("remainingQuota", remainingQuota());
            if (storeUp && !draining) {
                ObjectNode body = mapper.createObjectNode().put("status", "UP");
                body.set("details", details);
                return replies.json(response, 200, body);
            }
            Problem notReady = new Problem(503, "not-ready", "Not ready", draining
                    ? "This instance is shutting down and takes no new work."
                    : "The render store (" + storeKind + ") cannot be reached: " + reason, java.util.List.of(),
                    Readiness.RETRY_AFTER);
            // A problem document: its "status" is the HTTP status (503), the checks stay under "details".
            return replies.problem(response, notReady, body -> body.set("details", details));
        });
    }

    /**
     * The account's {@code remaining_quota} as JSON2Video last reported it (null until an answer carried one),
     * with {@code "submissions": "waiting: no movies left"} while renders wait for it.
     */
    private ObjectNode remainingQuota() {
        return upstream.quota().latest().map(quota -> {
            ObjectNode node = mapper.createObjectNode();
            node.put("movies", quota.movies()).put("drafts", quota.drafts()).put("time", quota.time());
            node.put("submissions", quota.noMoviesLeft() ? "waiting: JSON2Video reports no movies left" : "flowing");
            return node;
        }).orElse(null);
    }

    private String breakerState() {
        CircuitBreaker.State state = upstream.breakerState();
        return state.name();
    }

    /** Empty when the store answers its ping in time; otherwise why not. */
    private Mono<String> storeProblem() {
        return store.ping()
                .timeout(STORE_CHECK)
                .thenReturn("")
                .onErrorResume(error -> Mono.just(reason(error)));
    }

    private static String reason(Throwable error) {
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + STORE_CHECK.toMillis() + " ms";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
