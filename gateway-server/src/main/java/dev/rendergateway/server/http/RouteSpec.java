package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One public endpoint: its method, its path template ({@code /v1/renders/{id}}) and its handler. The same
 * records register the routes, name the URI tag of metrics and are compared with {@code openapi.json}.
 */
public record RouteSpec(HttpMethod method, String path,
                        BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {

    /** Whether {@code requestPath} (without query) fits this template, segment by segment. */
    public boolean matches(String requestPath) {
        String[] template = path.split("/", -1);
        String[] actual = requestPath.split("/", -1);
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (variable ? actual[i].isEmpty() : !template[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
