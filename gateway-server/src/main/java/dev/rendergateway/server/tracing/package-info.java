/** OpenTelemetry wiring: the SDK with its optional OTLP exporter, and the server span of each request. */
package dev.rendergateway.server.tracing;
