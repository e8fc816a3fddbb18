package dev.rendergateway.server.tracing;

import dev.rendergateway.core.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.function.Function;

/** Starts the server span of each incoming request, a child of the caller's {@code traceparent} or a new trace. */
public final class ServerSpans {

    private final Tracer tracer;

    ServerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans that record nothing: a caller's context passes through, no trace is started. */
    public static ServerSpans noop() {
        return new ServerSpans(OpenTelemetry.noop().getTracer("noop"));
    }

    /** The span of a request with this method, whose headers {@code header} looks up by name. */
    public ServerSpan start(String method, Function<String, String> header) {
        Context parent = TraceHeaders.extract(header);
        Span span = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(ServerSpan.METHOD, method)
                .startSpan();
        return new ServerSpan(span, method, TraceHeaders.fromOtel(parent.with(span)).orElse(null));
    }
}
