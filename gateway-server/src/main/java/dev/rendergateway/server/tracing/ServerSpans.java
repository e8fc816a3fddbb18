package dev.rendergateway.server.tracing;

import dev.rendergateway.core.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Function;

/**
 * Starts the server span of each incoming request, a child of the caller's {@code traceparent} or a new trace.
 * While spans are exported they are recorded; otherwise each request gets a non-recording span with a new span id
 * (the caller's trace id, flags and state kept): an event stream holds its span as long as it is open, and a
 * recorded span would cost each of thousands of subscribers about 1 KiB for nothing.
 */
public final class ServerSpans {

    private static final IdGenerator IDS = IdGenerator.random();

    private final Tracer tracer;
    private final boolean recording;

    ServerSpans(Tracer tracer, boolean recording) {
        this.tracer = tracer;
        this.recording = recording;
    }

    /** Spans that record nothing: a caller's context passes through, no trace is started. */
    public static ServerSpans noop() {
        return new ServerSpans(OpenTelemetry.noop().getTracer("noop"), true);
    }

    /** The span of a request with this method, whose headers {@code header} looks up by name. */
    public ServerSpan start(String method, Function<String, String> header) {
        Context parent = TraceHeaders.extract(header);
        Span span = recording
                ? recorded(method, parent)
                : Span.wrap(childOf(Span.fromContext(parent).getSpanContext()));
        return new ServerSpan(span, method, TraceHeaders.fromOtel(parent.with(span)).orElse(null));
    }

    private Span recorded(String method, Context parent) {
        return tracer.spanBuilder(method)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(ServerSpan.METHOD, method)
                .startSpan();
    }

    /** A new span id under the caller's trace (its flags and state kept), or the first span of a new trace. */
    private static SpanContext childOf(SpanContext caller) {
        if (caller.isValid()) {
            return SpanContext.create(caller.getTraceId(), IDS.generateSpanId(), caller.getTraceFlags(),
                    caller.getTraceState());
        }
        return SpanContext.create(IDS.generateTraceId(), IDS.generateSpanId(), TraceFlags.getSampled(),
                caller.getTraceState());
    }
}
