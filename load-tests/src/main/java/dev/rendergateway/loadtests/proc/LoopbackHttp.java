package dev.rendergateway.loadtests.proc;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A pooled Reactor Netty client for the harness's own requests to loopback servers; every call has a timeout. */
public final class LoopbackHttp implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESEND_AFTER = Duration.ofMillis(250);
    private static final Duration UNAVAILABLE_FOR_AT_MOST = Duration.ofSeconds(30);

    private final ConnectionProvider pool;
    private final HttpClient client;

    /** A client keeping at most {@code connections} connections per server, queueing further requests. */
    public LoopbackHttp(String name, int connections) {
        this.pool = ConnectionProvider.builder(name)
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .build();
        this.client = HttpClient.create(pool).responseTimeout(TIMEOUT);
    }

    /** GET {@code url} with these headers. */
    public Mono<Reply> get(String url, Map<String, String> headers) {
        return client.headers(with(headers)).get().uri(url)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), text)))
                .timeout(TIMEOUT);
    }

    /** POST {@code json} to {@code url} with these headers. */
    public Mono<Reply> post(String url, Map<String, String> headers, String json) {
        // With its Content-Length, never chunked: the sandbox refuses a body without one (411), as strict APIs do.
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return client.headers(with(headers).andThen(h -> h.set("content-type", "application/json")
                        .setInt("content-length", bytes.length)))
                .post().uri(url).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), text)))
                .timeout(TIMEOUT);
    }

    /**
     * POST, sent again while the answer is 503 (the gateway's store did not answer in time, so nothing was accepted;
     * gateways that have just started on a loaded machine answer so for a moment), every 250 ms for up to 30 s; the
     * last answer otherwise.
     */
    public Mono<Reply> submit(String url, Map<String, String> headers, String json) {
        return submit(url, headers, json, System.nanoTime() + UNAVAILABLE_FOR_AT_MOST.toNanos());
    }

    private Mono<Reply> submit(String url, Map<String, String> headers, String json, long deadline) {
        return post(url, headers, json).flatMap(reply -> reply.status() == 503 && System.nanoTime() < deadline
                ? Mono.delay(RESEND_AFTER).then(Mono.defer(() -> submit(url, headers, json, deadline)))
                : Mono.just(reply));
    }

    /** Blocking GET, for set-up and control calls. */
    public Reply getNow(String url, Map<String, String> headers) {
        return get(url, headers).block(TIMEOUT.plusSeconds(5));
    }

    /** Blocking POST, for set-up and control calls. */
    public Reply postNow(String url, Map<String, String> headers, String json) {
        return post(url, headers, json).block(TIMEOUT.plusSeconds(5));
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    private static Consumer<HttpHeaders> with(Map<String, String> headers) {
        return h -> headers.forEach(h::set);
    }
}
