package dev.rendergateway.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A real HTTP client of one gateway (Reactor Netty, a fresh connection per request). Every call blocks the
 * calling test thread, never an event loop, and is bounded in time, so a hanging gateway fails the spec.
 */
public final class GatewayClient {

    /** How long a plain request may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long a whole event stream may take, from opening to the server closing it. */
    public static final Duration STREAM_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final AtomicReference<HttpHeaders> lastRequestHeaders = new AtomicReference<>();

    public GatewayClient(int port) {
        this.http = HttpClient.newConnection()
                .baseUrl("http://127.0.0.1:" + port)
                .doAfterRequest((request, connection) -> lastRequestHeaders.set(request.requestHeaders().copy()));
    }

    /** The headers of the last request as they went on the wire, to check a spec's own premise. */
    public HttpHeaders lastRequestHeaders() {
        return lastRequestHeaders.get();
    }

    public Reply get(String path, String key) {
        return exchange(HttpMethod.GET, path, bearer(key), null);
    }

    public Reply delete(String path, String key) {
        return exchange(HttpMethod.DELETE, path, bearer(key), null);
    }

    /** POSTs a JSON body in one piece, with {@code Content-Length}. */
    public Reply post(String path, String key, String json) {
        return exchange(HttpMethod.POST, path, bearer(key).andThen(h -> h.set(HttpHeaderNames.CONTENT_TYPE,
                "application/json")), ByteBufFlux.fromString(Mono.just(json)));
    }

    /** Any request; {@code body} null for none. */
    public Reply exchange(HttpMethod method, String path, Consumer<HttpHeaders> headers,
                          Publisher<? extends ByteBuf> body) {
        return exchange(method, path, headers, body, REQUEST_TIMEOUT);
    }

    /** Opens an event stream and reads it until the server closes it. */
    public EventStream events(String path, String key) {
        Reply reply = exchange(HttpMethod.GET, path, bearer(key), null, STREAM_TIMEOUT);
        SseParser parser = new SseParser();
        List<SseEvent> events = parser.feed(reply.body());
        return new EventStream(reply.status(), reply.header(HttpHeaderNames.CONTENT_TYPE), parser.retries(),
                parser.comments(), parser.unknownLines(), events, parser.unterminated());
    }

    private Reply exchange(HttpMethod method, String path, Consumer<HttpHeaders> headers,
                           Publisher<? extends ByteBuf> body, Duration timeout) {
        HttpClient.RequestSender request = http.headers(headers).request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? request : request.send(body);
        return receiver.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)))
                .block(timeout);
    }

    /** Opens an event stream, returns its first event matching {@code until} and closes the connection. */
    public SseEvent awaitEvent(String path, String key, Predicate<SseEvent> until) {
        SseParser parser = new SseParser();
        return http.headers(bearer(key)).get().uri(path)
                .responseContent()
                .asString(StandardCharsets.UTF_8)
                .concatMapIterable(parser::feed)
                .filter(until)
                .next()
                .block(STREAM_TIMEOUT);
    }

    /**
     * GETs {@code path} every 20 ms, at most {@code attempts} times, until its JSON satisfies {@code until};
     * blocks only the calling (test) thread, for at most {@code timeout}.
     */
    public JsonNode awaitJson(String path, String key, Predicate<JsonNode> until, int attempts, Duration timeout) {
        return Mono.defer(() -> http.headers(bearer(key)).get().uri(path)
                        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                                .defaultIfEmpty("")
                                .map(text -> new Reply(response.status().code(), response.responseHeaders(), text))))
                .map(Reply::json)
                .filter(until)
                .repeatWhenEmpty(attempts, repeat -> repeat.delayElements(Duration.ofMillis(20)))
                .block(timeout);
    }

    /** Sets {@code Authorization: Bearer key}, or nothing when {@code key} is null. */
    public static Consumer<HttpHeaders> bearer(String key) {
        return headers -> {
            if (key != null) {
                headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
            }
        };
    }
}
