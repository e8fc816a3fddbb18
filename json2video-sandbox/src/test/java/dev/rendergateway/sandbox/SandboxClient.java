package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A small real HTTP client of the sandbox for tests. */
final class SandboxClient {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;

    SandboxClient(Json2VideoSandbox sandbox, String apiKey) {
        HttpClient base = HttpClient.create().baseUrl(sandbox.baseUrl());
        this.http = apiKey == null ? base : base.headers(headers -> headers.set("x-api-key", apiKey));
    }

    static SandboxClient of(Json2VideoSandbox sandbox) {
        return new SandboxClient(sandbox, sandbox.apiKey());
    }

    /** One HTTP answer as the client saw it. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A POST as a strict server wants it: JSON, with its Content-Length. */
    Mono<Reply> post(String body) {
        return post(body, "application/json");
    }

    /** A POST of {@code body} with its Content-Length, labelled {@code contentType} (none when null). */
    Mono<Reply> post(String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.headers(headers -> {
                    if (contentType != null) {
                        headers.set("content-type", contentType);
                    }
                    headers.setInt("content-length", bytes.length);
                })
                .post().uri("/v2/movies")
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)));
    }

    /** A JSON POST whose body goes out chunked, without Content-Length. */
    Mono<Reply> postChunked(String body) {
        return http.headers(headers -> headers.set("content-type", "application/json"))
                .post().uri("/v2/movies")
                .send(ByteBufFlux.fromString(reactor.core.publisher.Flux.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)));
    }

    /** How many separate pieces of content the create answer arrived in. */
    Mono<Integer> postPieces(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.headers(headers -> headers.set("content-type", "application/json")
                        .setInt("content-length", bytes.length))
                .post().uri("/v2/movies")
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                .responseContent()
                .count()
                .map(Long::intValue);
    }

    Mono<Reply> get(String uri) {
        return request("GET", uri);
    }

    Mono<Reply> request(String method, String uri) {
        return http.request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(uri)
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)));
    }

    Reply postNow(String body) {
        return post(body).block(WAIT);
    }

    Reply getNow(String uri) {
        return get(uri).block(WAIT);
    }

    String createNow(String movie) {
        Reply reply = postNow(movie);
        if (reply.status() != 200) {
            throw new AssertionError("create failed: " + reply);
        }
        return reply.json().path("project").asText();
    }

    JsonNode movieNow(String project) {
        return getNow("/v2/movies?project=" + project).json().path("movie");
    }
}
