package dev.rendergateway.sandbox;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules a strict API front end applies to a request before the API sees it: a body must state its
 * {@code Content-Length} (RFC 9112 §6.3 lets a server refuse anything else with 411), and a movie must be
 * labelled {@code application/json} (415 otherwise).
 */
final class StrictHttp {

    private StrictHttp() {
    }

    /** 411 for a POST without {@code Content-Length} (chunked, say), before anything else is looked at. */
    static Optional<Answer> framing(String method, HttpHeaders headers) {
        if ("POST".equals(method) && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return Optional.of(Answer.failure(411, "Length Required: send the body with a Content-Length"));
        }
        return Optional.empty();
    }

    /** 415 for a POST whose content type is not {@code application/json} (parameters such as charset allowed). */
    static Optional<Answer> contentType(String method, HttpHeaders headers) {
        if (!"POST".equals(method)) {
            return Optional.empty();
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!Answer.JSON.equals(mediaType)) {
            return Optional.of(Answer.failure(415, "Unsupported Media Type: send the movie as application/json"
                    + (type == null ? " (no Content-Type was sent)" : " (not " + type + ")")));
        }
        return Optional.empty();
    }
}
