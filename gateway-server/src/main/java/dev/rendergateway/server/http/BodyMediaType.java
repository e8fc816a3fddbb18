package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.Locale;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The media types a request body may be declared as, checked before the body is read: anything else is a 415
 * naming the accepted types. A body without {@code Content-Type} is read as the endpoint's own type: minimal clients
 * and low-code tools often send none, and an absent type makes no claim to contradict. A {@code charset} other than
 * UTF-8 is refused (JSON is UTF-8, RFC 8259).
 *
 * @param accepted the accepted types, the first one preferred ({@code Accept-Post} lists them all)
 */
public record BodyMediaType(List<String> accepted) {

    /** JSON bodies: {@code application/json} and any {@code application/*+json}. */
    public static final BodyMediaType JSON = new BodyMediaType(List.of("application/json"));

    /** Newline-delimited JSON for batches: {@code application/x-ndjson}, {@code application/jsonl}, or plain JSON. */
    public static final BodyMediaType NDJSON = new BodyMediaType(
            List.of("application/x-ndjson", "application/jsonl", "application/json"));

    public BodyMediaType {
        accepted = List.copyOf(accepted);
    }

    /**
     * Returns if {@code request}'s body may be read as one of these types; otherwise throws a 415
     * {@link ProblemException}, with {@code Accept-Post} (RFC 9110 §15.5.16) on {@code response} naming the types.
     */
    public void require(HttpServerRequest request, HttpServerResponse response) {
        String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (declared == null || declared.isBlank() || fits(declared)) {
            return;
        }
        response.header("Accept-Post", String.join(", ", accepted));
        throw new ProblemException(Problem.unsupportedMediaType(declared.trim(), accepted));
    }

    /** Whether a declared {@code Content-Type} header value is one of these types, in UTF-8. */
    public boolean fits(String declared) {
        String[] parts = declared.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        boolean known = accepted.contains(type)
                || accepted.contains("application/json") && type.startsWith("application/") && type.endsWith("+json");
        return known && utf8(parts);
    }

    private static boolean utf8(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if ("charset".equals(parameter[0].trim()) && parameter.length == 2) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!"utf-8".equals(charset) && !"utf8".equals(charset)) {
                    return false;
                }
            }
        }
        return true;
    }
}
