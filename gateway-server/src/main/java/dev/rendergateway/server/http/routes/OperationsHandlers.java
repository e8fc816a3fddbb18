package dev.rendergateway.server.http.routes;

import dev.rendergateway.server.http.ops.HealthHandlers;
import dev.rendergateway.server.http.ops.MetricsHandler;
import dev.rendergateway.server.http.ops.OpenApiHandler;

/** What operators call: health, metrics and the OpenAPI description. */
public record OperationsHandlers(HealthHandlers health, MetricsHandler metrics, OpenApiHandler openapi) {
}
