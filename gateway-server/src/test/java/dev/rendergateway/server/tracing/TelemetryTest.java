package dev.rendergateway.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gateway's SDK without an endpoint: spans get ids of their own, continue a caller's trace, export nowhere. */
class TelemetryTest {

    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aServerSpanContinuesTheCallersTraceUnderASpanIdOfItsOwn() {
        try (Telemetry telemetry = Telemetry.create(Optional.empty())) {
            ServerSpan span = telemetry.serverSpans().start("GET", Map.of("traceparent", CALLER)::get);

            assertThat(telemetry.exporting()).isFalse();
            assertThat(span.trace().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(span.trace().spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
            span.end("/health/live", 200);
        }
    }

    @Test
    void aServerSpanWithoutACallersTraceStartsOne() {
        try (Telemetry telemetry = Telemetry.create(Optional.empty())) {
            ServerSpan span = telemetry.serverSpans().start("GET", name -> null);

            assertThat(span.trace().traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
        }
    }

    @Test
    void withoutExportAServerSpanRecordsNothingAndKeepsTheCallersFlagsAndState() {
        String unsampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        try (Telemetry telemetry = Telemetry.create(Optional.empty())) {
            ServerSpan span = telemetry.serverSpans().start("GET",
                    Map.of("traceparent", unsampled, "tracestate", "vendor=opaque")::get);

            assertThat(span.span().isRecording()).isFalse();
            assertThat(span.trace().traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-00");
            assertThat(span.trace().spanId()).isNotEqualTo("00f067aa0ba902b7");
            assertThat(span.trace().tracestate()).isEqualTo("vendor=opaque");
        }
    }

    @Test
    void whileSpansAreExportedAServerSpanIsRecorded() {
        try (Telemetry telemetry = Telemetry.create(Optional.of(java.net.URI.create("http://127.0.0.1:9")))) {
            ServerSpan span = telemetry.serverSpans().start("GET", Map.of("traceparent", CALLER)::get);

            assertThat(span.span().isRecording()).isTrue();
            assertThat(span.trace().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            span.end("/health/live", 200);
        }
    }

    @Test
    void tracesGoToTheSignalPathUnderTheConfiguredBaseUrl() {
        assertThat(Telemetry.tracesUrl(java.net.URI.create("http://collector:4318")))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(Telemetry.tracesUrl(java.net.URI.create("http://collector:4318/otel/")))
                .isEqualTo("http://collector:4318/otel/v1/traces");
    }
}
