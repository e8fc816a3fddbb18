package dev.rendergateway.core.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Wraps an outgoing HTTP call in a client span: a child of the trace in the Reactor context (a new trace when
 * there is none), whose context the call sends as its {@code traceparent}. With the no-op OpenTelemetry the call
 * passes on the context it was given, unchanged.
 */
public final class ClientSpans {

    private final Tracer tracer;

    /** Spans from {@code telemetry}, named under the instrumentation scope {@code scope}. */
    public ClientSpans(OpenTelemetry telemetry, String scope) {
        this.tracer = telemetry.getTracer(scope);
    }

    /** Spans that record nothing. */
    public static ClientSpans noop() {
        return new ClientSpans(OpenTelemetry.noop(), "render-gateway");
    }

    /**
     * Runs {@code call} in a span named {@code name} ({@code "POST"}, {@code "GET"}); {@code call} gets the trace
     * context to send. The span ends when the call does, marked an error if it fails.
     */
    public <T> Mono<T> around(String name, Function<Optional<TraceContext>, Mono<T>> call) {
        return Mono.deferContextual(view -> {
            Context parent = TraceContext.from(view).map(TraceHeaders::toOtel).orElse(Context.root());
            Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setParent(parent).startSpan();
            return call.apply(TraceHeaders.fromOtel(parent.with(span)))
                    .doOnError(error -> span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName()))
                    .doFinally(signal -> span.end());
        });
    }
}
