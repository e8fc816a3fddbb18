package dev.rendergateway.core.tracing;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reactor.util.context.ContextView;

/**
 * The request id of the HTTP request that caused some work, carried in the Reactor {@link ContextView}
 * (never a thread-local: reactive work hops threads) and sent upstream as {@code X-Request-Id}. The context
 * value is a {@code String}, or a {@code Supplier<String>} when the id is known only later (a submission
 * learns which render it sends, and so whose request, only when it claims one).
 */
public final class RequestIds {

    /** The Reactor context key. */
    public static final String CONTEXT_KEY = "render-gateway.request-id";
    /** The HTTP header, in both directions. */
    public static final String HEADER = "X-Request-Id";
    /** The log field (a key-value pair on the log event; a JSON field in the log line). */
    public static final String LOG_FIELD = "request_id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Whether an incoming id may be kept: 1–128 characters of letters, digits and {@code . _ : -}. */
    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }

    /** The request id in {@code context}, if any. */
    public static Optional<String> from(ContextView context) {
        Object value = context.getOrDefault(CONTEXT_KEY, null);
        if (value instanceof Supplier<?> supplier) {
            value = supplier.get();
        }
        return value instanceof String id && !id.isEmpty() ? Optional.of(id) : Optional.empty();
    }
}
