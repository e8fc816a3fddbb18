package dev.rendergateway.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Options of both webhook directions beyond the contract's two variables: how often a render is polled while
 * JSON2Video's webhook is expected ({@code GATEWAY_WEBHOOK_SAFETY_INTERVAL}, default 10 × the poll interval),
 * and the secret that makes the paths of the gateway's own webhook unguessable ({@code GATEWAY_HOOK_SECRET},
 * at least 32 characters; generated at start when unset, so several instances or a restart need it set).
 */
public record WebhookSettings(Duration safetyInterval, Optional<String> hookSecret) {

    /** Never shows the hook secret. */
    @Override
    public String toString() {
        return "WebhookSettings[safetyInterval=" + safetyInterval + ", hookSecret="
                + (hookSecret.isPresent() ? "***" : "generated at start") + "]";
    }
}
