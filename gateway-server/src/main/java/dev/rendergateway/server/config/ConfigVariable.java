package dev.rendergateway.server.config;

/**
 * Every environment variable the gateway reads, each named once, here: the reader takes its values by these
 * constants, a {@code --config} file may set only these, and a spec holds the README's configuration table to them.
 */
public enum ConfigVariable {
    GATEWAY_HOST,
    GATEWAY_PORT,
    JSON2VIDEO_BASE_URL,
    JSON2VIDEO_API_KEY,
    GATEWAY_API_KEYS,
    GATEWAY_UPSTREAM_RATE,
    GATEWAY_POLL_INTERVAL,
    GATEWAY_RENDER_TIMEOUT,
    GATEWAY_MAX_BODY,
    GATEWAY_REDIS_URL,
    GATEWAY_PUBLIC_URL,
    GATEWAY_WEBHOOK_SAFETY_INTERVAL,
    GATEWAY_HOOK_SECRET,
    GATEWAY_CORS_ORIGINS,
    GATEWAY_SSE_HEARTBEAT,
    GATEWAY_TOKEN_SECRET,
    GATEWAY_WEBHOOK_ALLOW_PRIVATE,
    GATEWAY_TLS_CERT,
    GATEWAY_TLS_KEY,
    GATEWAY_BREAKER_OPEN_WAIT,
    GATEWAY_IDEMPOTENCY_TTL,
    GATEWAY_QUEUE_LIMIT,
    GATEWAY_TENANT_QUEUE_LIMIT,
    GATEWAY_TENANT_MAX_IN_FLIGHT,
    GATEWAY_CREDIT_QUOTAS,
    GATEWAY_DRAIN_TIMEOUT,
    GATEWAY_LEASE_TTL,
    GATEWAY_READ_TIMEOUT,
    GATEWAY_IDLE_TIMEOUT,
    GATEWAY_MAX_HEADER_SIZE,
    GATEWAY_MAX_JSON_DEPTH,
    GATEWAY_TENANT_MAX_STREAMS,
    GATEWAY_RECONCILE_WINDOW,
    /** OpenTelemetry's standard name: where spans are exported over OTLP/HTTP; unset, nothing is exported. */
    OTEL_EXPORTER_OTLP_ENDPOINT;

    /** Whether the gateway reads a variable of this name. */
    public static boolean isKnown(String name) {
        for (ConfigVariable variable : values()) {
            if (variable.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
