package dev.rendergateway.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.util.context.Context;

/** The trace context a render keeps: W3C values only, read from the Reactor context, and MDC entries that never stay. */
class TraceContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @AfterEach
    void clearTheMdc() {
        MDC.clear();
    }

    @Test
    void namesItsTraceAndParentSpanAndRefusesWhatIsNotAVersion00Traceparent() {
        TraceContext trace = new TraceContext(TRACEPARENT, " ");

        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(trace.tracestate()).isNull();
        assertThatThrownBy(() -> new TraceContext("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TraceContext("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isReadFromTheReactorContextAlsoWhenOnlyKnownLater() {
        TraceContext trace = new TraceContext(TRACEPARENT, "vendor=opaque");
        Supplier<TraceContext> later = () -> trace;

        assertThat(TraceContext.from(TraceContext.into(Context.empty(), trace))).contains(trace);
        assertThat(TraceContext.from(Context.of(TraceContext.CONTEXT_KEY, later))).contains(trace);
        assertThat(TraceContext.from(TraceContext.into(Context.empty(), null))).isEmpty();
    }

    @Test
    void passesThroughOpenTelemetryUnchangedAndIgnoresMalformedHeaders() {
        TraceContext trace = new TraceContext(TRACEPARENT, "vendor=opaque");

        assertThat(TraceHeaders.fromOtel(TraceHeaders.toOtel(trace))).contains(trace);
        assertThat(Span.fromContext(TraceHeaders.extract(Map.of("traceparent", "00-zz-not-a-trace")::get))
                .getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(TraceHeaders.extract(Map.of("traceparent", TRACEPARENT)::get))
                .getSpanContext().getTraceId()).isEqualTo(trace.traceId());
    }

    @Test
    void setsTheLogFieldsOnlyInsideItsBlockAndRestoresWhatWasThere() {
        MDC.put(TraceMdc.TRACE_ID, "outer-trace");
        try (TraceMdc inner = TraceMdc.of(new TraceContext(TRACEPARENT, null))) {
            assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo("00f067aa0ba902b7");
        }
        assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo("outer-trace");
        assertThat(MDC.get(TraceMdc.SPAN_ID)).isNull();
        try (TraceMdc none = TraceMdc.of(null)) {
            assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo("outer-trace");
        }
    }
}
