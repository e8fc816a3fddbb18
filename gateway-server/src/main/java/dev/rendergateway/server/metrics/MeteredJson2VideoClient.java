package dev.rendergateway.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.upstream.Json2VideoClient;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamListQuery;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.core.upstream.UpstreamMoviePage;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A {@link Json2VideoClient} that counts what goes upstream ({@code gateway_upstream_requests_total{operation}})
 * and what comes back ({@code gateway_upstream_responses_total{operation,code}}, {@code code} being the HTTP
 * status or {@code none} when no answer came), and knows how many calls are in flight, which the drain waits for.
 */
public final class MeteredJson2VideoClient implements Json2VideoClient {

    private final Json2VideoClient client;
    private final GatewayMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    public MeteredJson2VideoClient(Json2VideoClient client, GatewayMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        metrics.gauge("gateway.upstream.in.flight", "Upstream calls in flight now", inFlight::get);
    }

    @Override
    public Mono<String> submit(JsonNode movie) {
        return metered("submit", Mono.defer(() -> client.submit(movie)));
    }

    @Override
    public Mono<UpstreamMovie> status(String project) {
        return metered("status", Mono.defer(() -> client.status(project)));
    }

    @Override
    public Mono<UpstreamMoviePage> list(UpstreamListQuery query) {
        return metered("list", Mono.defer(() -> client.list(query)));
    }

    /** How many upstream calls have started and not ended. */
    public int inFlight() {
        return inFlight.get();
    }

    private <T> Mono<T> metered(String operation, Mono<T> call) {
        return call
                .doOnSubscribe(subscription -> {
                    inFlight.incrementAndGet();
                    metrics.counter("gateway.upstream.requests", "Requests sent to JSON2Video",
                            "operation", operation).increment();
                })
                .doOnSuccess(answer -> answered(operation, "200"))
                .doOnError(error -> answered(operation, codeOf(error)))
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private void answered(String operation, String code) {
        metrics.counter("gateway.upstream.responses", "Answers of JSON2Video by HTTP status",
                "operation", operation, "code", code).increment();
    }

    private static String codeOf(Throwable error) {
        return error instanceof UpstreamException upstream && upstream.httpStatus() > 0
                ? Integer.toString(upstream.httpStatus())
                : "none";
    }
}
