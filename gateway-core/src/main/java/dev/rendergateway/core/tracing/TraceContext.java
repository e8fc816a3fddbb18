package dev.rendergateway.core.tracing;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reactor.util.context.ContextView;

/**
 * A W3C trace context as it travels: the {@code traceparent} header value (version, trace id, parent span id,
 * flags) and the optional {@code tracestate}. Kept with a render and its deliveries so that work done later, on
 * other threads, continues the trace of the request that caused it; carried in the Reactor context under
 * {@link #CONTEXT_KEY} (a {@code TraceContext}, or a {@code Supplier} of one known only later).
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The Reactor context key. */
    public static final String CONTEXT_KEY = "render-gateway.trace";

    private static final Pattern TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    /** Validates the {@code traceparent}; an empty {@code tracestate} becomes null. */
    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        if (!TRACEPARENT.matcher(traceparent).matches()) {
            throw new IllegalArgumentException("not a version-00 traceparent: " + traceparent);
        }
        tracestate = tracestate == null || tracestate.isBlank() ? null : tracestate;
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** The 16 hex digits of the span this context names as parent. */
    public String spanId() {
        return traceparent.substring(36, 52);
    }

    /** The trace context in {@code context}, if any. */
    public static Optional<TraceContext> from(ContextView context) {
        Object value = context.getOrDefault(CONTEXT_KEY, null);
        if (value instanceof Supplier<?> supplier) {
            value = supplier.get();
        }
        return value instanceof TraceContext trace ? Optional.of(trace) : Optional.empty();
    }

    /** {@code context} carrying {@code trace}; unchanged when there is none. */
    public static reactor.util.context.Context into(reactor.util.context.Context context, TraceContext trace) {
        return trace == null ? context : context.put(CONTEXT_KEY, trace);
    }
}
