package dev.rendergateway.server.http;

import java.util.List;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads the {@code Idempotency-Key} request header: a structured-field string ({@code "…"}) or, leniently,
 * a bare token; 1 to 255 visible ASCII characters.
 */
public final class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";
    private static final int MAX_LENGTH = 255;
    /** What a well-formed key is, for problems that name a malformed one. */
    public static final String RULE = "1 to " + MAX_LENGTH + " visible ASCII characters, e.g. a UUID";

    private IdempotencyKeyHeader() {
    }

    /** The key, null when the header is absent; a 400 problem when it is malformed. */
    public static String read(HttpServerRequest request) {
        List<String> values = request.requestHeaders().getAll(NAME);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid("send one Idempotency-Key header, not " + values.size());
        }
        String key = values.get(0).trim();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (!isWellFormed(key)) {
            throw invalid("must be " + RULE);
        }
        return key;
    }

    /** Whether {@code key} may be an idempotency key: 1 to 255 visible ASCII characters. */
    public static boolean isWellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    private static ProblemException invalid(String why) {
        return new ProblemException(new Problem(400, "malformed-request", "Malformed request",
                "Idempotency-Key " + why + ".", List.of(new Problem.FieldError(NAME, why)), null));
    }
}
