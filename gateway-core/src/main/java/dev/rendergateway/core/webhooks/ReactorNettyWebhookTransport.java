package dev.rendergateway.core.webhooks;

import dev.rendergateway.core.GatewayVersion;
import dev.rendergateway.core.tracing.ClientSpans;
import dev.rendergateway.core.tracing.TraceHeaders;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The default {@link WebhookTransport}: its own Reactor Netty client and pool, separate from the upstream's, so
 * it never carries the JSON2Video key. It connects to the vetted address (never resolving the name again),
 * follows no redirect, and discards the receiver's body.
 */
public final class ReactorNettyWebhookTransport implements WebhookTransport, Disposable {

    private static final String USER_AGENT = GatewayVersion.userAgent() + " (webhooks)";

    private final ConnectionProvider pool;
    private final ClientSpans spans;
    private final HttpClient plain;
    /**
     * The TLS client, built on first use off the event loops: building Reactor Netty's default TLS context reads
     * the trust store, which costs start-up time a gateway whose receivers are all plain HTTP need not pay.
     */
    private final Mono<HttpClient> secure;

    public ReactorNettyWebhookTransport(Duration connectTimeout, Duration responseTimeout, int maxConnections) {
        this(connectTimeout, responseTimeout, maxConnections, ClientSpans.noop());
    }

    /** The same, each POST in a client span of {@code spans} whose context it sends as {@code traceparent}. */
    public ReactorNettyWebhookTransport(Duration connectTimeout, Duration responseTimeout, int maxConnections,
                                        ClientSpans spans) {
        this.spans = spans;
        this.pool = ConnectionProvider.builder("webhooks")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        this.plain = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(responseTimeout)
                .followRedirect(false)
                .disableRetry(true);
        this.secure = Mono.fromCallable(plain::secure).subscribeOn(Schedulers.boundedElastic()).cache();
    }

    @Override
    public Mono<TransportAnswer> post(VettedTarget target, Map<String, String> headers, byte[] body) {
        URI uri = target.uri();
        return spans.around("POST", trace -> {
            Map<String, String> traced = new LinkedHashMap<>(headers);
            trace.ifPresent(context -> TraceHeaders.write(context, traced::put));
            return "https".equalsIgnoreCase(uri.getScheme())
                    ? secure.flatMap(client -> post(client, target, traced, body))
                    : post(plain, target, traced, body);
        });
    }

    private static Mono<TransportAnswer> post(HttpClient client, VettedTarget target, Map<String, String> headers,
                                              byte[] body) {
        URI uri = target.uri();
        return client.remoteAddress(target::address)
                .headers(out -> {
                    headers.forEach(out::set);
                    out.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                    out.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                    // Stated, never chunked: a receiver may refuse a body without a length (411).
                    out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    out.set(HttpHeaderNames.HOST,
                            uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
                })
                .post()
                .uri(pathAndQuery(uri))
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .response()
                .map(response -> new TransportAnswer(response.status().code(),
                        response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER)));
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    @Override
    public void dispose() {
        pool.dispose();
    }
}
