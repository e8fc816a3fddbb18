package dev.rendergateway.server.support;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/** Calls the gateway's JSON2Video-compatible {@code /v2/movies} as JSON2Video clients do: key in {@code x-api-key}. */
public record CompatClient(GatewayClient http) {

    /** {@code POST /v2/movies} with the movie as the body; {@code key} null for no header. */
    public Reply postMovie(String key, String movieJson) {
        return http.exchange(HttpMethod.POST, "/v2/movies", headers -> {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            if (key != null) {
                headers.set("x-api-key", key);
            }
        }, ByteBufFlux.fromString(Mono.just(movieJson)));
    }

    /** {@code GET /v2/movies?<query>}; {@code key} null for no header. */
    public Reply getMovie(String key, String query) {
        return request(HttpMethod.GET, "/v2/movies?" + query, key);
    }

    /** Any body-less request with {@code x-api-key}. */
    public Reply request(HttpMethod method, String path, String key) {
        return http.exchange(method, path, headers -> {
            if (key != null) {
                headers.set("x-api-key", key);
            }
        }, null);
    }
}
