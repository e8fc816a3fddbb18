package dev.rendergateway.client;

import dev.rendergateway.common.http.RetryAfter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls over Reactor Netty's {@link HttpClient}: unary calls on a pool with a response timeout; streams (SSE,
 * batches) on a connection of their own each, since they hold it for as long as they last.
 */
final class NettyTransport implements Transport {

    private final URI baseUrl;
    private final ConnectionProvider pool;
    private final HttpClient unary;
    private final HttpClient streaming;
    private final WireJson json;

    NettyTransport(ClientSettings settings, WireJson json) {
        this.baseUrl = settings.baseUrl();
        this.json = json;
        this.pool = ConnectionProvider.builder("render-gateway-client").maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(-1).maxIdleTime(Duration.ofSeconds(30)).build();
        HttpClient base = configure(HttpClient.create(pool), settings);
        this.unary = base.responseTimeout(settings.responseTimeout());
        this.streaming = configure(HttpClient.newConnection(), settings);
    }

    private static HttpClient configure(HttpClient client, ClientSettings settings) {
        HttpClient configured = client
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey())
                        .set(HttpHeaderNames.USER_AGENT, settings.userAgent()));
        return "https".equalsIgnoreCase(settings.baseUrl().getScheme()) ? configured.secure() : configured;
    }

    @Override
    public Mono<HttpReply> exchange(HttpCall call) {
        return unary.headers(h -> {
                    call.headers().forEach(h::set);
                    h.set(HttpHeaderNames.ACCEPT, "application/json");
                    if (call.body() != null) {
                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    }
                })
                .request(HttpMethod.valueOf(call.method()))
                .uri(uri(call))
                .send(call.body() == null ? Mono.empty() : Mono.fromSupplier(() -> Unpooled.wrappedBuffer(call.body())))
                .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> new HttpReply(response.status().code(), headers(response.responseHeaders()),
                                bytes)))
                .onErrorMap(NettyTransport::isConnectionFailure, this::unreachable);
    }

    @Override
    public Flux<String> lines(HttpCall call, Publisher<ByteBuf> body) {
        return streaming.headers(h -> call.headers().forEach(h::set))
                .request(HttpMethod.valueOf(call.method()))
                .uri(uri(call))
                .send(body)
                .response((response, content) -> {
                    int status = response.status().code();
                    if (status == 204) {
                        return content.then().thenMany(Flux.<String>error(new NoContentException()));
                    }
                    if (status >= 300) {
                        return content.aggregate().asByteArray().defaultIfEmpty(new byte[0])
                                .flatMapMany(bytes -> Mono.error(failure(response, bytes)));
                    }
                    LineSplitter splitter = new LineSplitter();
                    return content.asByteArray().concatMapIterable(splitter::push)
                            .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.rest())));
                })
                .onErrorMap(NettyTransport::isConnectionFailure, this::unreachable);
    }

    private RenderGatewayException failure(HttpClientResponse response, byte[] body) {
        int status = response.status().code();
        return new RenderGatewayException(json.problem(status, body),
                RetryAfter.parse(response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER), Instant.now()));
    }

    private String uri(HttpCall call) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + call.path();
    }

    private static Map<String, String> headers(HttpHeaders headers) {
        Map<String, String> copy = new HashMap<>();
        headers.forEach(entry -> copy.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
        return copy;
    }

    static boolean isConnectionFailure(Throwable error) {
        return error instanceof IOException || error instanceof ChannelException;
    }

    private GatewayUnreachableException unreachable(Throwable error) {
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new GatewayUnreachableException("cannot reach the gateway at " + baseUrl + ": " + reason, error);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
