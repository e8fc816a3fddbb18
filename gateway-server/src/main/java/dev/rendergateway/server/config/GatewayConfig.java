package dev.rendergateway.server.config;

import dev.rendergateway.core.pipeline.QueueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's whole configuration, as the environment variables of the public contract give it.
 * Absent optional values are empty: no upstream key means the embedded sandbox, no Redis URL means
 * in-memory state, no gateway keys means one generated key for tenant {@code dev}.
 */
public record GatewayConfig(
        int port,
        URI upstreamBaseUrl,
        Optional<String> upstreamApiKey,
        Map<String, String> tenantsByApiKey,
        double upstreamRate,
        Duration pollInterval,
        Duration renderTimeout,
        long maxBodyBytes,
        Optional<URI> redisUrl,
        Optional<URI> publicUrl,
        List<String> corsOrigins,
        Duration sseHeartbeat,
        boolean webhookAllowPrivate,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Duration breakerOpenWait,
        Duration idempotencyTtl,
        Optional<String> tokenSecret,
        QueueConfig queue,
        WebhookSettings webhooks,
        ServerLimits limits,
        Duration drainTimeout,
        Duration leaseTtl,
        Duration reconcileWindow,
        Map<String, Double> creditQuotas) {

    public GatewayConfig {
        tenantsByApiKey = Map.copyOf(tenantsByApiKey);
        creditQuotas = Map.copyOf(creditQuotas);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** The configuration from environment variables (and nothing else), defaults where unset. */
    public static GatewayConfig fromEnvironment(Map<String, String> variables) {
        return new GatewayConfigReader(variables).read();
    }

    /** The same configuration with another listening port; tests use 0. */
    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(newPort, upstreamBaseUrl, upstreamApiKey, tenantsByApiKey, upstreamRate,
                pollInterval, renderTimeout, maxBodyBytes, redisUrl, publicUrl, corsOrigins, sseHeartbeat,
                webhookAllowPrivate, tlsCert, tlsKey, breakerOpenWait, idempotencyTtl, tokenSecret, queue, webhooks,
                limits, drainTimeout, leaseTtl, reconcileWindow, creditQuotas);
    }

    /** The same configuration with these gateway keys ({@code key → tenant}). */
    public GatewayConfig withTenantsByApiKey(Map<String, String> keys) {
        return new GatewayConfig(port, upstreamBaseUrl, upstreamApiKey, keys, upstreamRate, pollInterval,
                renderTimeout, maxBodyBytes, redisUrl, publicUrl, corsOrigins, sseHeartbeat, webhookAllowPrivate,
                tlsCert, tlsKey, breakerOpenWait, idempotencyTtl, tokenSecret, queue, webhooks,
                limits, drainTimeout, leaseTtl, reconcileWindow, creditQuotas);
    }

    /** The same configuration pointed at another upstream with its key. */
    public GatewayConfig withUpstream(URI baseUrl, String apiKey) {
        return new GatewayConfig(port, baseUrl, Optional.of(apiKey), tenantsByApiKey, upstreamRate, pollInterval,
                renderTimeout, maxBodyBytes, redisUrl, publicUrl, corsOrigins, sseHeartbeat, webhookAllowPrivate,
                tlsCert, tlsKey, breakerOpenWait, idempotencyTtl, tokenSecret, queue, webhooks,
                limits, drainTimeout, leaseTtl, reconcileWindow, creditQuotas);
    }

    /** The same configuration with other listener limits; tests use short timeouts. */
    public GatewayConfig withLimits(ServerLimits newLimits) {
        return new GatewayConfig(port, upstreamBaseUrl, upstreamApiKey, tenantsByApiKey, upstreamRate, pollInterval,
                renderTimeout, maxBodyBytes, redisUrl, publicUrl, corsOrigins, sseHeartbeat, webhookAllowPrivate,
                tlsCert, tlsKey, breakerOpenWait, idempotencyTtl, tokenSecret, queue, webhooks, newLimits,
                drainTimeout, leaseTtl, reconcileWindow, creditQuotas);
    }

    /** Secrets stay out of {@code toString}, so that logging the configuration cannot leak them. */
    @Override
    public String toString() {
        return "GatewayConfig[port=" + port + ", upstream=" + upstreamBaseUrl
                + ", upstreamApiKey=" + (upstreamApiKey.isPresent() ? "***" : "none (embedded sandbox)")
                + ", tenants=" + tenantsByApiKey.values().stream().distinct().sorted().toList()
                + ", upstreamRate=" + upstreamRate + "/s, pollInterval=" + pollInterval
                + ", renderTimeout=" + renderTimeout + ", maxBody=" + maxBodyBytes + "B"
                + ", redis=" + redisUrl.map(u -> u.getHost() + ":" + u.getPort()).orElse("none (in memory)")
                + ", publicUrl=" + publicUrl.map(URI::toString).orElse("none")
                + ", corsOrigins=" + corsOrigins + ", sseHeartbeat=" + sseHeartbeat
                + ", webhookAllowPrivate=" + webhookAllowPrivate + ", tls=" + tlsCert.isPresent()
                + ", breakerOpenWait=" + breakerOpenWait + ", idempotencyTtl=" + idempotencyTtl
                + ", tokenSecret=" + (tokenSecret.isPresent() ? "***" : "generated at start")
                + ", webhooks=" + webhooks + ", limits=" + limits + ", drainTimeout=" + drainTimeout
                + ", leaseTtl=" + leaseTtl + ", reconcileWindow=" + reconcileWindow + ", creditQuotas=" + creditQuotas + "]";
    }
}
