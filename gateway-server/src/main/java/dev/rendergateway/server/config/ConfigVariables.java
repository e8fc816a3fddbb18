package dev.rendergateway.server.config;

import java.util.List;

/** Every variable the gateway reads, so that a misspelt one in a {@code --config} file is an error, not a silent default. */
public final class ConfigVariables {

    /** The names, in the README's order. */
    public static final List<String> NAMES = List.of(
            "GATEWAY_PORT", "JSON2VIDEO_BASE_URL", "JSON2VIDEO_API_KEY", "GATEWAY_API_KEYS", "GATEWAY_UPSTREAM_RATE",
            "GATEWAY_POLL_INTERVAL", "GATEWAY_RENDER_TIMEOUT", "GATEWAY_MAX_BODY", "GATEWAY_REDIS_URL",
            "GATEWAY_PUBLIC_URL", "GATEWAY_WEBHOOK_SAFETY_INTERVAL", "GATEWAY_HOOK_SECRET", "GATEWAY_CORS_ORIGINS",
            "GATEWAY_SSE_HEARTBEAT", "GATEWAY_TOKEN_SECRET", "GATEWAY_WEBHOOK_ALLOW_PRIVATE", "GATEWAY_TLS_CERT",
            "GATEWAY_TLS_KEY", "GATEWAY_BREAKER_OPEN_WAIT", "GATEWAY_IDEMPOTENCY_TTL", "GATEWAY_QUEUE_LIMIT",
            "GATEWAY_TENANT_QUEUE_LIMIT", "GATEWAY_TENANT_MAX_IN_FLIGHT", "GATEWAY_CREDIT_QUOTAS",
            "GATEWAY_DRAIN_TIMEOUT", "GATEWAY_LEASE_TTL",
            "GATEWAY_READ_TIMEOUT", "GATEWAY_IDLE_TIMEOUT", "GATEWAY_MAX_HEADER_SIZE", "GATEWAY_MAX_JSON_DEPTH",
            "GATEWAY_TENANT_MAX_STREAMS", "GATEWAY_RECONCILE_WINDOW");

    private ConfigVariables() {
    }

    /** Whether the gateway reads {@code name}. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
