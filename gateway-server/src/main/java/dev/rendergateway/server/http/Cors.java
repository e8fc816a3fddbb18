package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Cross-origin access for the origins in {@code GATEWAY_CORS_ORIGINS} ({@code *} for any): preflights, and
 * the headers that let a page on such an origin read the answers. Credentials are bearer keys and tokens,
 * never cookies, so no {@code Access-Control-Allow-Credentials}.
 */
public final class Cors {

    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID";
    static final String EXPOSED_HEADERS = "Location, Retry-After, " + UpstreamNotice.HEADER;
    private static final Set<String> ALLOWED_HEADER_NAMES = Set.of(ALLOWED_HEADERS.toLowerCase(Locale.ROOT)
            .split(",\\s*"));

    private final Set<String> origins;
    private final boolean anyOrigin;

    public Cors(List<String> origins) {
        this.origins = origins.stream().map(Cors::normalize).collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = this.origins.contains("*");
    }

    /** Adds the CORS headers to the answer when the request comes from an allowed origin. */
    public void decorate(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
        response.addHeader(HttpHeaderNames.VARY, "Origin");
        if (allows(origin)) {
            response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin)
                    .header(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        }
    }

    /** {@code OPTIONS} on any path: a preflight answer for allowed origins, 403 for others. */
    public Mono<Void> preflight(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
        String method = request.requestHeaders().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin == null || method == null) {
            return response.status(HttpResponseStatus.NO_CONTENT).header(HttpHeaderNames.ALLOW, ALLOWED_METHODS)
                    .send();
        }
        if (!allows(origin)) {
            return Mono.error(new ProblemException(Problem.of(403, "cors-origin-not-allowed", "Origin not allowed",
                    "The origin " + origin + " may not call this gateway from a browser; "
                            + "add it to GATEWAY_CORS_ORIGINS.")));
        }
        String requested = request.requestHeaders().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        return response.status(HttpResponseStatus.NO_CONTENT)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowedOf(requested))
                .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                .send();
    }

    private boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(normalize(origin)));
    }

    /** The requested headers we allow, spelled as the browser asked; our whole list when it asked none. */
    private static String allowedOf(String requested) {
        if (requested == null || requested.isBlank()) {
            return ALLOWED_HEADERS;
        }
        return java.util.Arrays.stream(requested.split(","))
                .map(String::trim)
                .filter(name -> ALLOWED_HEADER_NAMES.contains(name.toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", "));
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
