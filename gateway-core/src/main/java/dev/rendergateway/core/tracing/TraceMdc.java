package dev.rendergateway.core.tracing;

import org.slf4j.MDC;
import reactor.util.context.ContextView;

/**
 * Puts a trace's {@code trace_id} and {@code span_id} into the logging MDC for the log calls inside a
 * try-with-resources block, and restores what was there on close: reactive work hops threads and event loops
 * serve many requests, so the MDC is set around log calls, never left behind.
 */
public final class TraceMdc implements AutoCloseable {

    /** The log field of the trace id. */
    public static final String TRACE_ID = "trace_id";
    /** The log field of the span id. */
    public static final String SPAN_ID = "span_id";

    private static final TraceMdc NOTHING = new TraceMdc(false, null, null);

    private final boolean set;
    private final String previousTrace;
    private final String previousSpan;

    private TraceMdc(boolean set, String previousTrace, String previousSpan) {
        this.set = set;
        this.previousTrace = previousTrace;
        this.previousSpan = previousSpan;
    }

    /** Sets the fields of {@code trace} (nothing when null) until {@link #close()}. */
    public static TraceMdc of(TraceContext trace) {
        return trace == null ? NOTHING : of(trace.traceId(), trace.spanId());
    }

    /** Sets the fields of the trace a Reactor context carries ({@link TraceContext#from}), if any. */
    public static TraceMdc from(ContextView context) {
        return of(TraceContext.from(context).orElse(null));
    }

    /** Sets these ids until {@link #close()}. */
    public static TraceMdc of(String traceId, String spanId) {
        TraceMdc scope = new TraceMdc(true, MDC.get(TRACE_ID), MDC.get(SPAN_ID));
        MDC.put(TRACE_ID, traceId);
        MDC.put(SPAN_ID, spanId);
        return scope;
    }

    @Override
    public void close() {
        if (set) {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
