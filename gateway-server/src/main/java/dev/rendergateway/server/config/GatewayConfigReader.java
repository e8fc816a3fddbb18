package dev.rendergateway.server.config;

import static dev.rendergateway.server.config.ConfigVariable.*;

import dev.rendergateway.common.text.DurationText;
import dev.rendergateway.core.pipeline.QueueConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates the contract's variables into a {@link GatewayConfig}, one clear error per bad value. */
final class GatewayConfigReader {

    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9]+)?]?");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MIN_KEY_LENGTH = 8;
    private static final URI DEFAULT_UPSTREAM = URI.create("https://api.json2video.com");

    private final Map<String, String> variables;

    GatewayConfigReader(Map<String, String> variables) {
        this.variables = variables;
    }

    GatewayConfig read() {
        Optional<Path> cert = value(GATEWAY_TLS_CERT).map(Path::of);
        Optional<Path> key = value(GATEWAY_TLS_KEY).map(Path::of);
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(GATEWAY_TLS_CERT + " and " + GATEWAY_TLS_KEY
                    + " must be set together (PEM files)");
        }
        return GatewayConfig.custom()
                .host(host())
                .port(port())
                .upstreamBaseUrl(uri(JSON2VIDEO_BASE_URL, "http", "https").orElse(DEFAULT_UPSTREAM))
                .upstreamApiKey(value(JSON2VIDEO_API_KEY))
                .tenantsByApiKey(apiKeys())
                .upstreamRate(rate())
                .pollInterval(positiveDuration(GATEWAY_POLL_INTERVAL, "5s"))
                .renderTimeout(positiveDuration(GATEWAY_RENDER_TIMEOUT, "30m"))
                .maxBodyBytes(maxBody())
                .redisUrl(uri(GATEWAY_REDIS_URL, "redis", "rediss"))
                .publicUrl(uri(GATEWAY_PUBLIC_URL, "http", "https"))
                .corsOrigins(value(GATEWAY_CORS_ORIGINS).map(GatewayConfigReader::list).orElse(List.of()))
                .sseHeartbeat(positiveDuration(GATEWAY_SSE_HEARTBEAT, "15s"))
                .webhookAllowPrivate(bool(GATEWAY_WEBHOOK_ALLOW_PRIVATE))
                .tlsCert(cert)
                .tlsKey(key)
                .breakerOpenWait(positiveDuration(GATEWAY_BREAKER_OPEN_WAIT, "30s"))
                .idempotencyTtl(positiveDuration(GATEWAY_IDEMPOTENCY_TTL, "24h"))
                .tokenSecret(tokenSecret())
                .queue(queue())
                .webhooks(webhooks())
                .limits(limits())
                .drainTimeout(positiveDuration(GATEWAY_DRAIN_TIMEOUT, "20s"))
                .leaseTtl(positiveDuration(GATEWAY_LEASE_TTL, "10s"))
                .reconcileWindow(positiveDuration(GATEWAY_RECONCILE_WINDOW, "2m"))
                .creditQuotas(creditQuotas())
                .otlpEndpoint(uri(OTEL_EXPORTER_OTLP_ENDPOINT, "http", "https"))
                .build();
    }

    private ServerLimits limits() {
        ServerLimits defaults = ServerLimits.defaults();
        return new ServerLimits(
                positiveDuration(GATEWAY_READ_TIMEOUT, "10s"),
                positiveDuration(GATEWAY_IDLE_TIMEOUT, "60s"),
                headerSize(),
                count(GATEWAY_MAX_JSON_DEPTH, defaults.maxJsonDepth(), 2),
                count(GATEWAY_TENANT_MAX_STREAMS, defaults.maxStreamsPerTenant(), 1));
    }

    private int headerSize() {
        String text = value(GATEWAY_MAX_HEADER_SIZE).orElse("16KiB");
        long bytes = ByteSize.parse(GATEWAY_MAX_HEADER_SIZE.name(), text);
        if (bytes < 1024 || bytes > 1024 * 1024) {
            throw new ConfigException(GATEWAY_MAX_HEADER_SIZE + "='" + text + "' is out of range: use 1KiB..1MiB");
        }
        return (int) bytes;
    }

    private WebhookSettings webhooks() {
        Duration poll = positiveDuration(GATEWAY_POLL_INTERVAL, "5s");
        Duration safety = value(GATEWAY_WEBHOOK_SAFETY_INTERVAL).isPresent()
                ? positiveDuration(GATEWAY_WEBHOOK_SAFETY_INTERVAL, "1m")
                : poll.multipliedBy(10);
        Optional<String> secret = value(GATEWAY_HOOK_SECRET);
        if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(GATEWAY_HOOK_SECRET + " is too short: use at least 32 random characters");
        }
        return new WebhookSettings(safety, secret);
    }

    private QueueConfig queue() {
        QueueConfig defaults = QueueConfig.defaults();
        int total = count(GATEWAY_QUEUE_LIMIT, defaults.maxQueued(), 1);
        int perTenant = count(GATEWAY_TENANT_QUEUE_LIMIT, Math.min(total, defaults.maxQueuedPerTenant()), 1);
        return new QueueConfig(total, Math.min(perTenant, total), count(GATEWAY_TENANT_MAX_IN_FLIGHT, 0, 0));
    }

    private int count(ConfigVariable name, int fallback, int least) {
        String text = value(name).orElse(Integer.toString(fallback));
        try {
            int count = Integer.parseInt(text);
            if (count >= least) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name + "='" + text + "' is not a whole number of at least " + least);
    }

    private Optional<String> tokenSecret() {
        Optional<String> secret = value(GATEWAY_TOKEN_SECRET);
        if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(GATEWAY_TOKEN_SECRET + " is too short: use at least 32 random characters");
        }
        return secret;
    }

    private Optional<String> value(ConfigVariable name) {
        String raw = variables.get(name.name());
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
    }

    /** An IP literal (IPv6 with or without brackets) or a host name; empty binds every interface. */
    private Optional<String> host() {
        Optional<String> text = value(GATEWAY_HOST);
        if (text.isPresent() && !HOST.matcher(text.get()).matches()) {
            throw new ConfigException(GATEWAY_HOST + "='" + text.get() + "' is not an address: use an IP address"
                    + " such as 127.0.0.1 or ::1, or a host name; leave it unset for every interface");
        }
        return text.map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
    }

    private int port() {
        String text = value(GATEWAY_PORT).orElse("8080");
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(GATEWAY_PORT + "='" + text + "' is not a port: use 0..65535 (0 picks a free one)");
    }

    private double rate() {
        String text = value(GATEWAY_UPSTREAM_RATE).orElse("5");
        try {
            double rate = Double.parseDouble(text);
            if (rate > 0 && rate <= 10_000) {
                return rate;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(GATEWAY_UPSTREAM_RATE + "='" + text
                + "' is not a rate: use a positive number of requests per second, e.g. 5");
    }

    private long maxBody() {
        String text = value(GATEWAY_MAX_BODY).orElse("1MiB");
        long bytes = ByteSize.parse(GATEWAY_MAX_BODY.name(), text);
        if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
            throw new ConfigException(GATEWAY_MAX_BODY + "='" + text + "' is out of range: use 1KiB..2GiB");
        }
        return bytes;
    }

    private Duration positiveDuration(ConfigVariable name, String fallback) {
        Duration duration = duration(name.name(), value(name).orElse(fallback));
        if (duration.isZero()) {
            throw new ConfigException(name + " must be longer than zero");
        }
        return duration;
    }

    private static Duration duration(String name, String text) {
        try {
            return DurationText.parse(name, text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private boolean bool(ConfigVariable name) {
        String text = value(name).orElse("false").toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + "='" + text + "' is not a boolean: use true or false");
        };
    }

    private Optional<URI> uri(ConfigVariable name, String... schemes) {
        return value(name).map(text -> {
            try {
                URI uri = new URI(text);
                if (uri.getHost() != null && Arrays.asList(schemes).contains(uri.getScheme())) {
                    return uri;
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            throw new ConfigException(name + "='" + text + "' is not a URL: use "
                    + String.join(" or ", schemes) + "://host:port");
        });
    }

    private Map<String, String> apiKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : value(GATEWAY_API_KEYS).map(GatewayConfigReader::list).orElse(List.of())) {
            int colon = pair.indexOf(':');
            String tenant = colon < 0 ? "" : pair.substring(0, colon).trim();
            String key = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (!TENANT.matcher(tenant).matches() || key.length() < MIN_KEY_LENGTH) {
                throw new ConfigException(GATEWAY_API_KEYS + " has an entry that is not tenant:key (tenant of "
                        + "letters, digits, '_', '.', '-'; key of at least " + MIN_KEY_LENGTH + " characters)");
            }
            if (keys.putIfAbsent(key, tenant) != null) {
                throw new ConfigException(GATEWAY_API_KEYS + " gives the same key to two entries");
            }
        }
        return keys;
    }

    /** {@code tenant:credits,…}: a tenant's upstream credits per UTC day, a number of at least 0. */
    private Map<String, Double> creditQuotas() {
        Map<String, Double> quotas = new LinkedHashMap<>();
        for (String pair : value(GATEWAY_CREDIT_QUOTAS).map(GatewayConfigReader::list).orElse(List.of())) {
            int colon = pair.indexOf(':');
            String tenant = colon < 0 ? "" : pair.substring(0, colon).trim();
            Double credits = colon < 0 ? null : credits(pair.substring(colon + 1).trim());
            if (!TENANT.matcher(tenant).matches() || credits == null) {
                throw new ConfigException(GATEWAY_CREDIT_QUOTAS + " has an entry '" + pair
                        + "' that is not tenant:credits"
                        + " (tenant of letters, digits, '_', '.', '-'; credits a number of at least 0, e.g. acme:500)");
            }
            if (quotas.putIfAbsent(tenant, credits) != null) {
                throw new ConfigException(GATEWAY_CREDIT_QUOTAS + " gives tenant '" + tenant + "' two limits");
            }
        }
        return quotas;
    }

    private static Double credits(String text) {
        try {
            double credits = Double.parseDouble(text);
            return Double.isFinite(credits) && credits >= 0 ? credits : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
