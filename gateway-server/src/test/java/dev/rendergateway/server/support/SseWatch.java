package dev.rendergateway.server.support;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/** Live event streams of one gateway, each on its own connection, read as they arrive (never blocking). */
public final class SseWatch {

    private final HttpClient http;

    public SseWatch(int port) {
        this.http = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port);
    }

    /** The headers the stream opens with; the connection is closed after. */
    public HttpHeaders headersOf(String path, Consumer<HttpHeaders> headers) {
        return http.headers(headers).get().uri(path).response().map(r -> r.responseHeaders().copy())
                .block(java.time.Duration.ofSeconds(5));
    }

    /** The stream's events as they come; cancelling closes the connection. */
    public Flux<SseEvent> events(String path, Consumer<HttpHeaders> headers) {
        return Flux.defer(() -> {
            SseParser parser = new SseParser();
            return http.headers(headers).get().uri(path)
                    .responseContent()
                    .asString(StandardCharsets.UTF_8)
                    .concatMapIterable(parser::feed);
        });
    }
}
