package dev.rendergateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration table of the public contract: names, defaults, formats and what is refused. */
class GatewayConfigTest {

    @Test
    void theBuildersDefaultsAreTheDefaultsOfAnEmptyEnvironment() {
        assertThat(GatewayConfig.custom().build()).isEqualTo(GatewayConfig.fromEnvironment(Map.of()));
    }

    @Test
    void theBuilderRefusesAnInvalidConfiguration() {
        assertThatThrownBy(() -> GatewayConfig.custom().port(70_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> GatewayConfig.custom().pollInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayConfig.custom().queue(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaultsMatchTheContract() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.upstreamBaseUrl()).isEqualTo(URI.create("https://api.json2video.com"));
        assertThat(config.upstreamApiKey()).as("no key: embedded sandbox").isEmpty();
        assertThat(config.tenantsByApiKey()).as("no keys: a generated dev key").isEmpty();
        assertThat(config.upstreamRate()).isEqualTo(5.0);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.renderTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.redisUrl()).as("no Redis: in memory").isEmpty();
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.sseHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.webhookAllowPrivate()).isFalse();
        assertThat(config.tlsCert()).isEmpty();
        assertThat(config.tlsKey()).isEmpty();
    }

    @Test
    void blankValuesCountAsUnset() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("GATEWAY_PORT", " ", "JSON2VIDEO_API_KEY", ""));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.upstreamApiKey()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "5s, PT5S", "1m, PT1M", "2h, PT2H", "1d, PT24H"})
    void parsesDurationsWithTheirUnit(String text, Duration expected) {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_POLL_INTERVAL", text, "GATEWAY_RENDER_TIMEOUT", text, "GATEWAY_SSE_HEARTBEAT", text));

        assertThat(config.pollInterval()).isEqualTo(expected);
        assertThat(config.renderTimeout()).isEqualTo(expected);
        assertThat(config.sseHeartbeat()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1MiB, 1048576", "2KiB, 2048", "4096, 4096", "1GiB, 1073741824"})
    void parsesBodySizes(String text, long bytes) {
        assertThat(GatewayConfig.fromEnvironment(Map.of("GATEWAY_MAX_BODY", text)).maxBodyBytes()).isEqualTo(bytes);
    }

    @Test
    void readsEveryVariable() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.ofEntries(
                Map.entry("GATEWAY_PORT", "0"),
                Map.entry("JSON2VIDEO_BASE_URL", "http://127.0.0.1:9999"),
                Map.entry("JSON2VIDEO_API_KEY", "upstream-key"),
                Map.entry("GATEWAY_API_KEYS", "acme:acme-key-123456, zeta:zeta-key-123456"),
                Map.entry("GATEWAY_UPSTREAM_RATE", "2.5"),
                Map.entry("GATEWAY_REDIS_URL", "redis://cache:6379"),
                Map.entry("GATEWAY_PUBLIC_URL", "https://gw.example.com"),
                Map.entry("GATEWAY_CORS_ORIGINS", "https://a.example, https://b.example"),
                Map.entry("GATEWAY_WEBHOOK_ALLOW_PRIVATE", "true"),
                Map.entry("GATEWAY_TLS_CERT", "/etc/gw/cert.pem"),
                Map.entry("GATEWAY_TLS_KEY", "/etc/gw/key.pem")));

        assertThat(config.port()).isZero();
        assertThat(config.upstreamBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(config.upstreamApiKey()).contains("upstream-key");
        assertThat(config.tenantsByApiKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of("acme-key-123456", "acme", "zeta-key-123456", "zeta"));
        assertThat(config.upstreamRate()).isEqualTo(2.5);
        assertThat(config.redisUrl()).contains(URI.create("redis://cache:6379"));
        assertThat(config.publicUrl()).contains(URI.create("https://gw.example.com"));
        assertThat(config.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.webhookAllowPrivate()).isTrue();
        assertThat(config.tlsCert()).contains(Path.of("/etc/gw/cert.pem"));
        assertThat(config.tlsKey()).contains(Path.of("/etc/gw/key.pem"));
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("GATEWAY_POLL_INTERVAL", "soon"),
                Arguments.of("GATEWAY_POLL_INTERVAL", "0s"),
                Arguments.of("GATEWAY_POLL_INTERVAL", "-5s"),
                Arguments.of("GATEWAY_RENDER_TIMEOUT", "30"),
                Arguments.of("GATEWAY_SSE_HEARTBEAT", "1.5s"),
                Arguments.of("GATEWAY_PORT", "70000"),
                Arguments.of("GATEWAY_PORT", "-1"),
                Arguments.of("GATEWAY_PORT", "http"),
                Arguments.of("GATEWAY_API_KEYS", "broken"),
                Arguments.of("GATEWAY_API_KEYS", "acme:acme-key-123456,zeta:acme-key-123456"),
                Arguments.of("GATEWAY_API_KEYS", "a cme:acme-key-123456"),
                Arguments.of("GATEWAY_MAX_BODY", "lots"),
                Arguments.of("GATEWAY_MAX_BODY", "12"),
                Arguments.of("GATEWAY_MAX_BODY", "3GiB"),
                Arguments.of("GATEWAY_MAX_BODY", "999999999999GiB"),
                Arguments.of("GATEWAY_UPSTREAM_RATE", "0"),
                Arguments.of("GATEWAY_UPSTREAM_RATE", "fast"),
                Arguments.of("JSON2VIDEO_BASE_URL", "ftp://api.json2video.com"),
                Arguments.of("JSON2VIDEO_BASE_URL", "api.json2video.com"),
                Arguments.of("GATEWAY_REDIS_URL", "http://cache:6379"),
                Arguments.of("GATEWAY_PUBLIC_URL", "not a url"),
                Arguments.of("GATEWAY_WEBHOOK_ALLOW_PRIVATE", "maybe"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void refusesAnInvalidValueNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void refusesAGatewayKeyTooShortWithoutEchoingIt() {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("GATEWAY_API_KEYS", "acme:s3cr3t!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_API_KEYS")
                .message().doesNotContain("s3cr3t!");
    }

    @Test
    void refusesHalfATlsConfiguration() {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("GATEWAY_TLS_CERT", "/etc/gw/cert.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_TLS_CERT")
                .hasMessageContaining("GATEWAY_TLS_KEY");
    }

    @Test
    void readsAConfigFileAndLetsTheEnvironmentWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gateway.env");
        Files.writeString(file, """
                # shared settings
                GATEWAY_PORT=9000
                GATEWAY_POLL_INTERVAL = 1s
                GATEWAY_API_KEYS=acme:acme-key-123456
                """);

        Map<String, String> variables = ConfigFile.variables(new String[] {"--config", file.toString()},
                Map.of("GATEWAY_PORT", "9100"));
        GatewayConfig config = GatewayConfig.fromEnvironment(variables);

        assertThat(config.port()).as("the environment wins").isEqualTo(9100);
        assertThat(config.pollInterval()).as("from the file").isEqualTo(Duration.ofSeconds(1));
        assertThat(config.tenantsByApiKey()).containsEntry("acme-key-123456", "acme");
    }

    @Test
    void acceptsTheConfigOptionWithAnEqualsSign(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gateway.env");
        Files.writeString(file, "GATEWAY_MAX_BODY=2KiB\n");

        Map<String, String> variables = ConfigFile.variables(new String[] {"--config=" + file}, Map.of());

        assertThat(GatewayConfig.fromEnvironment(variables).maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void withoutConfigOptionUsesTheEnvironmentAlone() {
        assertThat(ConfigFile.variables(new String[0], Map.of("GATEWAY_PORT", "1234")))
                .containsExactly(Map.entry("GATEWAY_PORT", "1234"));
    }

    @Test
    void refusesAMissingConfigFileOrAMissingFileName(@TempDir Path dir) {
        Path missing = dir.resolve("absent.env");

        assertThatThrownBy(() -> ConfigFile.variables(new String[] {"--config", missing.toString()}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--config")
                .hasMessageContaining("absent.env");
        assertThatThrownBy(() -> ConfigFile.variables(new String[] {"--config"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--config");
    }

    @Test
    void neverShowsTheUpstreamOrGatewayKeysInToString() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of(
                "JSON2VIDEO_API_KEY", "upstream-secret-0042",
                "GATEWAY_API_KEYS", "acme:acme-key-123456,zeta:zeta-key-123456",
                "GATEWAY_REDIS_URL", "redis://:redis-password@cache:6379"));

        String text = config.toString();

        assertThat(text).doesNotContain("upstream-secret-0042", "acme-key-123456", "zeta-key-123456",
                "redis-password");
        assertThat(text).contains("acme", "zeta", "cache:6379");
        assertThat(config.withUpstream(URI.create("http://127.0.0.1:1"), "other-secret-77").toString())
                .doesNotContain("other-secret-77");
    }
}
