/**
 * What follows the work a request causes, from the HTTP answer to the upstream calls and webhooks: request ids
 * ({@code X-Request-Id}) and W3C trace context ({@code traceparent}, {@code tracestate}) with client spans.
 */
package dev.rendergateway.core.tracing;
