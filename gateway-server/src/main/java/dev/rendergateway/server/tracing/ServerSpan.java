package dev.rendergateway.server.tracing;

import dev.rendergateway.core.tracing.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * One request's server span and the trace context it hands to the work the request causes ({@code trace}, null
 * when no valid trace exists, which only happens with no-op spans).
 */
public record ServerSpan(Span span, String method, TraceContext trace) {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    /** Ends the span, named by its route template (never the raw path) and marked by its status. */
    public void end(String route, int status) {
        span.updateName(method + " " + route);
        span.setAttribute(ROUTE, route);
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
