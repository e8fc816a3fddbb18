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

    /**
     * Whether {@code requestPath} (without query) fits this template, segment by segment. It names the requests
     * of the fallback routes (the URI tag of their metrics and access lines), so it walks both strings in place
     * instead of splitting them.
     */
    public boolean matches(String requestPath) {
        int template = 0;
        int actual = 0;
        while (true) {
            int templateEnd = segmentEnd(path, template);
            int actualEnd = segmentEnd(requestPath, actual);
            int length = templateEnd - template;
            boolean variable = length >= 2 && path.charAt(template) == '{' && path.charAt(templateEnd - 1) == '}';
            boolean fits = variable
                    ? actualEnd > actual
                    : length == actualEnd - actual && path.regionMatches(template, requestPath, actual, length);
            if (!fits) {
                return false;
            }
            boolean templateDone = templateEnd == path.length();
            boolean actualDone = actualEnd == requestPath.length();
            if (templateDone || actualDone) {
                return templateDone && actualDone;
            }
            template = templateEnd + 1;
            actual = actualEnd + 1;
        }
    }

    private static int segmentEnd(String text, int from) {
        int slash = text.indexOf('/', from);
        return slash < 0 ? text.length() : slash;
    }
}
