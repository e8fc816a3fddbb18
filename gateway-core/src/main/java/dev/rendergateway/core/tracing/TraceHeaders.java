package dev.rendergateway.core.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The W3C Trace Context headers, read and written by OpenTelemetry's {@link W3CTraceContextPropagator} (which
 * validates what a caller sends), and the passage between a {@link TraceContext} and an OpenTelemetry
 * {@link Context}.
 */
public final class TraceHeaders {

    /** The W3C header naming the trace and the parent span. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C header of vendor-specific trace data. */
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private TraceHeaders() {
    }

    /** The OpenTelemetry context whose remote parent is {@code trace}. */
    public static Context toOtel(TraceContext trace) {
        Map<String, String> headers = new HashMap<>();
        write(trace, headers::put);
        return W3C.extract(Context.root(), headers, MapGetter.INSTANCE);
    }

    /** The trace context {@code context}'s current span would send; empty when it has no valid span. */
    public static Optional<TraceContext> fromOtel(Context context) {
        Map<String, String> headers = new HashMap<>();
        W3C.inject(context, headers, Map::put);
        String traceparent = headers.get(TRACEPARENT);
        return traceparent == null ? Optional.empty() : Optional.of(new TraceContext(traceparent, headers.get(TRACESTATE)));
    }

    /** The OpenTelemetry context of incoming headers ({@code header} looks one up by name); root when invalid. */
    public static Context extract(Function<String, String> header) {
        return W3C.extract(Context.root(), header, HeaderGetter.INSTANCE);
    }

    /** Writes {@code trace} as headers through {@code header(name, value)}. */
    public static void write(TraceContext trace, BiConsumer<String, String> header) {
        header.accept(TRACEPARENT, trace.traceparent());
        if (trace.tracestate() != null) {
            header.accept(TRACESTATE, trace.tracestate());
        }
    }

    /** Reads request headers through a lookup by name (one instance for every request). */
    private enum HeaderGetter implements TextMapGetter<Function<String, String>> {
        INSTANCE;

        private static final List<String> NAMES = List.of(TRACEPARENT, TRACESTATE);

        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return NAMES;
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    }

    private enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
