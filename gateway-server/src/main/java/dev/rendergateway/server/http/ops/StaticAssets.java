package dev.rendergateway.server.http.ops;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The dashboard: static files from the classpath's {@code /static}, read into memory once at start so that
 * serving them never touches the disk from an event loop. Answers carry an ETag, and a strict
 * Content-Security-Policy and no Referer, so a token in an EventSource URL cannot leak to another site.
 * Images (the renders' thumbnails) may come from any HTTPS address, where JSON2Video keeps them, and from
 * the origins given at construction (the embedded sandbox, which serves its thumbnails over plain HTTP).
 */
public final class StaticAssets {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "render-progress.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data: https:%s; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final String policy;

    /** Reads every file now; fails the start when one is missing from the jar. */
    public StaticAssets() {
        this(List.of());
    }

    /**
     * Reads every file now (fails the start when one is missing from the jar); the page may also show images
     * from {@code imageOrigins} (e.g. {@code http://127.0.0.1:41234}).
     */
    public StaticAssets(List<String> imageOrigins) {
        this.policy = String.format(POLICY, imageOrigins.stream().map(origin -> " " + origin)
                .collect(Collectors.joining()));
        FILES.forEach((name, type) -> {
            byte[] bytes = read(name);
            assets.put(name, new Asset(bytes, type, etag(bytes)));
        });
    }

    /** The file names, each served at {@code /<name>}; {@code index.html} also at {@code /}. */
    public Iterable<String> names() {
        return assets.keySet();
    }

    /** The handler that answers with one file. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler(String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new IllegalArgumentException("no static asset " + name);
        }
        return (request, response) -> serve(asset, policy, request, response);
    }

    private static Mono<Void> serve(Asset asset, String policy, HttpServerRequest request,
                                    HttpServerResponse response) {
        response.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header(HttpHeaderNames.ETAG, asset.etag())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", policy);
        if (asset.etag().equals(request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            return response.status(HttpResponseStatus.NOT_MODIFIED).send();
        }
        return response.header(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(asset.bytes().length))
                .sendByteArray(Mono.just(asset.bytes()))
                .then();
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("static asset /static/" + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One file's bytes, content type and entity tag. */
    private record Asset(byte[] bytes, String contentType, String etag) {
    }
}
