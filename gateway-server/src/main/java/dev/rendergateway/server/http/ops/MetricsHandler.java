package dev.rendergateway.server.http.ops;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /metrics}: the Prometheus text exposition format. The scrape reads every gauge, some under
 * locks, so it runs off the event loop.
 */
public final class MetricsHandler {

    /** The content type of the Prometheus text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    public MetricsHandler(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    public Mono<Void> scrape(HttpServerRequest request, HttpServerResponse response) {
        return Mono.fromCallable(() -> scrape.get().getBytes(StandardCharsets.UTF_8))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> response.header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                        .sendByteArray(Mono.just(body))
                        .then());
    }
}
