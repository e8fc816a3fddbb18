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
        Optional<String> host,
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
        Map<String, Double> creditQuotas,
        Optional<URI> otlpEndpoint) {

    /** Validates every value: none missing, ports and rates in range, durations longer than zero. */
    public GatewayConfig {
        java.util.stream.Stream.of(host, upstreamBaseUrl, upstreamApiKey, tenantsByApiKey, pollInterval, renderTimeout,
                redisUrl, publicUrl, corsOrigins, sseHeartbeat, tlsCert, tlsKey, breakerOpenWait, idempotencyTtl,
                tokenSecret, queue, webhooks, limits, drainTimeout, leaseTtl, reconcileWindow, creditQuotas, otlpEndpoint)
                .forEach(java.util.Objects::requireNonNull);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!(upstreamRate > 0) || maxBodyBytes < 1) {
            throw new IllegalArgumentException("upstreamRate and maxBodyBytes must be positive");
        }
        for (Duration positive : List.of(pollInterval, renderTimeout, sseHeartbeat, breakerOpenWait, idempotencyTtl,
                drainTimeout, leaseTtl, reconcileWindow)) {
            if (positive.isZero() || positive.isNegative()) {
                throw new IllegalArgumentException("durations must be longer than zero: " + positive);
            }
        }
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
        return toBuilder().port(newPort).build();
    }

    /** The same configuration with these gateway keys ({@code key → tenant}). */
    public GatewayConfig withTenantsByApiKey(Map<String, String> keys) {
        return toBuilder().tenantsByApiKey(keys).build();
    }

    /** The same configuration pointed at another upstream with its key. */
    public GatewayConfig withUpstream(URI baseUrl, String apiKey) {
        return toBuilder().upstreamBaseUrl(baseUrl).upstreamApiKey(Optional.of(apiKey)).build();
    }

    /** The same configuration with other listener limits; tests use short timeouts. */
    public GatewayConfig withLimits(ServerLimits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    /** Secrets stay out of {@code toString}, so that logging the configuration cannot leak them. */
    @Override
    public String toString() {
        return "GatewayConfig[host=" + host.orElse("all interfaces") + ", port=" + port + ", upstream=" + upstreamBaseUrl
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
                + ", leaseTtl=" + leaseTtl + ", reconcileWindow=" + reconcileWindow
                + ", creditQuotas=" + creditQuotas
                + ", otlpEndpoint=" + otlpEndpoint.map(URI::toString).orElse("none (no export)") + "]";
    }

    /** A builder from the documented defaults (those of the README's configuration table). */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .host(host)
                .port(port)
                .upstreamBaseUrl(upstreamBaseUrl)
                .upstreamApiKey(upstreamApiKey)
                .tenantsByApiKey(tenantsByApiKey)
                .upstreamRate(upstreamRate)
                .pollInterval(pollInterval)
                .renderTimeout(renderTimeout)
                .maxBodyBytes(maxBodyBytes)
                .redisUrl(redisUrl)
                .publicUrl(publicUrl)
                .corsOrigins(corsOrigins)
                .sseHeartbeat(sseHeartbeat)
                .webhookAllowPrivate(webhookAllowPrivate)
                .tlsCert(tlsCert)
                .tlsKey(tlsKey)
                .breakerOpenWait(breakerOpenWait)
                .idempotencyTtl(idempotencyTtl)
                .tokenSecret(tokenSecret)
                .queue(queue)
                .webhooks(webhooks)
                .limits(limits)
                .drainTimeout(drainTimeout)
                .leaseTtl(leaseTtl)
                .reconcileWindow(reconcileWindow)
                .creditQuotas(creditQuotas)
                .otlpEndpoint(otlpEndpoint);
    }

    /** Builds a {@link GatewayConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private Optional<String> host = Optional.empty();
        private int port = 8080;
        private URI upstreamBaseUrl = URI.create("https://api.json2video.com");
        private Optional<String> upstreamApiKey = Optional.empty();
        private Map<String, String> tenantsByApiKey = Map.of();
        private double upstreamRate = 5;
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration renderTimeout = Duration.ofMinutes(30);
        private long maxBodyBytes = 1024 * 1024;
        private Optional<URI> redisUrl = Optional.empty();
        private Optional<URI> publicUrl = Optional.empty();
        private List<String> corsOrigins = List.of();
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private boolean webhookAllowPrivate = false;
        private Optional<Path> tlsCert = Optional.empty();
        private Optional<Path> tlsKey = Optional.empty();
        private Duration breakerOpenWait = Duration.ofSeconds(30);
        private Duration idempotencyTtl = Duration.ofHours(24);
        private Optional<String> tokenSecret = Optional.empty();
        private QueueConfig queue = QueueConfig.defaults();
        /** Without a public URL the safety interval is unused; with one, the reader sets 10 × the poll interval. */
        private WebhookSettings webhooks = new WebhookSettings(Duration.ofSeconds(50), Optional.empty());
        private ServerLimits limits = ServerLimits.defaults();
        private Duration drainTimeout = Duration.ofSeconds(20);
        private Duration leaseTtl = Duration.ofSeconds(10);
        private Duration reconcileWindow = Duration.ofMinutes(2);
        private Map<String, Double> creditQuotas = Map.of();
        private Optional<URI> otlpEndpoint = Optional.empty();

        private Builder() {
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder upstreamBaseUrl(URI value) {
            this.upstreamBaseUrl = value;
            return this;
        }

        public Builder upstreamApiKey(Optional<String> value) {
            this.upstreamApiKey = value;
            return this;
        }

        public Builder tenantsByApiKey(Map<String, String> value) {
            this.tenantsByApiKey = value;
            return this;
        }

        public Builder upstreamRate(double value) {
            this.upstreamRate = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder renderTimeout(Duration value) {
            this.renderTimeout = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder redisUrl(Optional<URI> value) {
            this.redisUrl = value;
            return this;
        }

        public Builder publicUrl(Optional<URI> value) {
            this.publicUrl = value;
            return this;
        }

        public Builder corsOrigins(List<String> value) {
            this.corsOrigins = value;
            return this;
        }

        public Builder sseHeartbeat(Duration value) {
            this.sseHeartbeat = value;
            return this;
        }

        public Builder webhookAllowPrivate(boolean value) {
            this.webhookAllowPrivate = value;
            return this;
        }

        public Builder tlsCert(Optional<Path> value) {
            this.tlsCert = value;
            return this;
        }

        public Builder tlsKey(Optional<Path> value) {
            this.tlsKey = value;
            return this;
        }

        public Builder breakerOpenWait(Duration value) {
            this.breakerOpenWait = value;
            return this;
        }

        public Builder idempotencyTtl(Duration value) {
            this.idempotencyTtl = value;
            return this;
        }

        public Builder tokenSecret(Optional<String> value) {
            this.tokenSecret = value;
            return this;
        }

        public Builder queue(QueueConfig value) {
            this.queue = value;
            return this;
        }

        public Builder webhooks(WebhookSettings value) {
            this.webhooks = value;
            return this;
        }

        public Builder limits(ServerLimits value) {
            this.limits = value;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            this.drainTimeout = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            this.leaseTtl = value;
            return this;
        }

        public Builder reconcileWindow(Duration value) {
            this.reconcileWindow = value;
            return this;
        }

        /** The address the listener binds (a name or an IP literal); empty binds every interface. */
        public Builder host(Optional<String> value) {
            this.host = value;
            return this;
        }

        public Builder creditQuotas(Map<String, Double> value) {
            this.creditQuotas = value;
            return this;
        }

        /** Where spans are exported over OTLP/HTTP (its base URL; {@code /v1/traces} is added); empty exports nothing. */
        public Builder otlpEndpoint(Optional<URI> value) {
            this.otlpEndpoint = value;
            return this;
        }

        /** The configuration, validated. */
        public GatewayConfig build() {
            return new GatewayConfig(host, port, upstreamBaseUrl, upstreamApiKey, tenantsByApiKey, upstreamRate,
                    pollInterval, renderTimeout, maxBodyBytes, redisUrl, publicUrl, corsOrigins, sseHeartbeat,
                    webhookAllowPrivate, tlsCert, tlsKey, breakerOpenWait, idempotencyTtl, tokenSecret, queue, webhooks,
                    limits, drainTimeout, leaseTtl, reconcileWindow, creditQuotas, otlpEndpoint);
        }
    }
}
