package dev.rendergateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every variable of the configuration table is read from a {@code --config} file as from the environment; a
 * misspelt name or an invalid value stops the start with one line naming the variable and what it allows.
 */
class EveryVariableFromAFileTest {

    private static final Map<String, String> EVERY_VARIABLE = new LinkedHashMap<>();

    static {
        EVERY_VARIABLE.put("GATEWAY_HOST", "10.1.2.3");
        EVERY_VARIABLE.put("GATEWAY_PORT", "9091");
        EVERY_VARIABLE.put("JSON2VIDEO_BASE_URL", "https://upstream.example");
        EVERY_VARIABLE.put("JSON2VIDEO_API_KEY", "upstream-key-with=equals\\and-backslash");
        EVERY_VARIABLE.put("GATEWAY_API_KEYS", "acme:acme-key-123456");
        EVERY_VARIABLE.put("GATEWAY_UPSTREAM_RATE", "7.5");
        EVERY_VARIABLE.put("GATEWAY_POLL_INTERVAL", "2s");
        EVERY_VARIABLE.put("GATEWAY_RENDER_TIMEOUT", "10m");
        EVERY_VARIABLE.put("GATEWAY_MAX_BODY", "2MiB");
        EVERY_VARIABLE.put("GATEWAY_REDIS_URL", "redis://redis.internal:6379");
        EVERY_VARIABLE.put("GATEWAY_PUBLIC_URL", "https://gateway.example");
        EVERY_VARIABLE.put("GATEWAY_WEBHOOK_SAFETY_INTERVAL", "3m");
        EVERY_VARIABLE.put("GATEWAY_HOOK_SECRET", "h".repeat(40));
        EVERY_VARIABLE.put("GATEWAY_CORS_ORIGINS", "https://app.example");
        EVERY_VARIABLE.put("GATEWAY_SSE_HEARTBEAT", "20s");
        EVERY_VARIABLE.put("GATEWAY_TOKEN_SECRET", "t".repeat(40));
        EVERY_VARIABLE.put("GATEWAY_WEBHOOK_ALLOW_PRIVATE", "true");
        EVERY_VARIABLE.put("GATEWAY_TLS_CERT", "/etc/gateway/cert.pem");
        EVERY_VARIABLE.put("GATEWAY_TLS_KEY", "/etc/gateway/key.pem");
        EVERY_VARIABLE.put("GATEWAY_BREAKER_OPEN_WAIT", "45s");
        EVERY_VARIABLE.put("GATEWAY_IDEMPOTENCY_TTL", "12h");
        EVERY_VARIABLE.put("GATEWAY_QUEUE_LIMIT", "500");
        EVERY_VARIABLE.put("GATEWAY_TENANT_QUEUE_LIMIT", "50");
        EVERY_VARIABLE.put("GATEWAY_TENANT_MAX_IN_FLIGHT", "4");
        EVERY_VARIABLE.put("GATEWAY_CREDIT_QUOTAS", "acme:500,zeta:12.5");
        EVERY_VARIABLE.put("GATEWAY_DRAIN_TIMEOUT", "30s");
        EVERY_VARIABLE.put("GATEWAY_LEASE_TTL", "15s");
        EVERY_VARIABLE.put("GATEWAY_READ_TIMEOUT", "7s");
        EVERY_VARIABLE.put("GATEWAY_IDLE_TIMEOUT", "90s");
        EVERY_VARIABLE.put("GATEWAY_MAX_HEADER_SIZE", "32KiB");
        EVERY_VARIABLE.put("GATEWAY_MAX_JSON_DEPTH", "40");
        EVERY_VARIABLE.put("GATEWAY_TENANT_MAX_STREAMS", "250");
        EVERY_VARIABLE.put("GATEWAY_RECONCILE_WINDOW", "3m");
        EVERY_VARIABLE.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.internal:4318");
    }

    @Test
    void theCatalogueNamesEveryVariableExercisedHere() {
        assertThat(java.util.Arrays.stream(ConfigVariable.values()).map(Enum::name).toList()).containsExactlyInAnyOrderElementsOf(EVERY_VARIABLE.keySet());
    }

    @Test
    void readsEveryVariableFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gateway.env");
        StringBuilder text = new StringBuilder("# every variable\n\n");
        EVERY_VARIABLE.forEach((name, value) -> text.append(name.equals("GATEWAY_PORT") ? "export " : "")
                .append(name).append(" = ").append(name.equals("GATEWAY_CORS_ORIGINS") ? "\"" + value + "\"" : value)
                .append('\n'));
        Files.writeString(file, text);

        GatewayConfig config = GatewayConfig.fromEnvironment(
                ConfigFile.variables(new String[] {"--config", file.toString()}, Map.of()));

        assertThat(config.host()).contains("10.1.2.3");
        assertThat(config.port()).isEqualTo(9091);
        assertThat(config.upstreamBaseUrl().toString()).isEqualTo("https://upstream.example");
        assertThat(config.upstreamApiKey()).contains("upstream-key-with=equals\\and-backslash");
        assertThat(config.tenantsByApiKey()).containsEntry("acme-key-123456", "acme");
        assertThat(config.upstreamRate()).isEqualTo(7.5);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.renderTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxBodyBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.redisUrl()).isPresent();
        assertThat(config.publicUrl()).isPresent();
        assertThat(config.webhooks().safetyInterval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.webhooks().hookSecret()).isPresent();
        assertThat(config.corsOrigins()).containsExactly("https://app.example");
        assertThat(config.sseHeartbeat()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.tokenSecret()).isPresent();
        assertThat(config.webhookAllowPrivate()).isTrue();
        assertThat(config.tlsCert()).contains(Path.of("/etc/gateway/cert.pem"));
        assertThat(config.tlsKey()).contains(Path.of("/etc/gateway/key.pem"));
        assertThat(config.breakerOpenWait()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.idempotencyTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(config.queue().maxQueued()).isEqualTo(500);
        assertThat(config.queue().maxQueuedPerTenant()).isEqualTo(50);
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.reconcileWindow()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.otlpEndpoint()).contains(java.net.URI.create("http://collector.internal:4318"));
        assertThat(config.creditQuotas()).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 500.0, "zeta", 12.5));
        assertThat(config.limits()).isEqualTo(new ServerLimits(Duration.ofSeconds(7), Duration.ofSeconds(90),
                32 * 1024, 40, 250));
    }

    @Test
    void refusesAVariableTheGatewayDoesNotRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gateway.env");
        Files.writeString(file, "GATEWAY_PORT=8080\nGATEWAY_PROT=9090\n");

        assertThatThrownBy(() -> ConfigFile.variables(new String[] {"--config", file.toString()}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("GATEWAY_PROT is not a variable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GATEWAY_DRAIN_TIMEOUT|soon|GATEWAY_DRAIN_TIMEOUT='soon' is not a duration",
            "GATEWAY_HOST|not an address!|GATEWAY_HOST='not an address!' is not an address",
            "GATEWAY_HOST|http://0.0.0.0|GATEWAY_HOST='http://0.0.0.0' is not an address",
            "GATEWAY_READ_TIMEOUT|0s|GATEWAY_READ_TIMEOUT must be longer than zero",
            "GATEWAY_IDLE_TIMEOUT|-1s|GATEWAY_IDLE_TIMEOUT='-1s' is not a duration",
            "GATEWAY_MAX_HEADER_SIZE|10|GATEWAY_MAX_HEADER_SIZE='10' is out of range: use 1KiB..1MiB",
            "GATEWAY_MAX_JSON_DEPTH|1|GATEWAY_MAX_JSON_DEPTH='1' is not a whole number of at least 2",
            "GATEWAY_TENANT_MAX_STREAMS|many|GATEWAY_TENANT_MAX_STREAMS='many' is not a whole number of at least 1",
            "GATEWAY_CREDIT_QUOTAS|acme:lots|GATEWAY_CREDIT_QUOTAS has an entry 'acme:lots' that is not tenant:credits",
            "GATEWAY_CREDIT_QUOTAS|acme:-1|GATEWAY_CREDIT_QUOTAS has an entry 'acme:-1' that is not tenant:credits",
            "GATEWAY_CREDIT_QUOTAS|acme:5,acme:6|GATEWAY_CREDIT_QUOTAS gives tenant 'acme' two limits"})
    void refusesAnInvalidValueNamingTheVariableAndWhatItAllows(String name, String value, String message) {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }
}
