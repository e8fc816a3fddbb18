package dev.rendergateway.server.http;

/** What operators call: health, metrics and the OpenAPI description. */
public record OperationsHandlers(HealthHandlers health, MetricsHandler metrics, OpenApiHandler openapi) {
}
