package dev.rendergateway.server.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * The span processor of a gateway that exports nothing. The SDK hands out no-op tracers (no span ids, so no new
 * parent span upstream) while it has no processor at all; this one keeps it minting spans, and drops them.
 */
enum KeepNothing implements SpanProcessor {
    INSTANCE;

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        // nothing kept
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing exported
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
