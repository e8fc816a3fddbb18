package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

    @Test
    void readsPortKeyAndRenderTimeFromTheEnvironment() {
        SandboxConfig config = SandboxMain.configFrom(Map.of(
                "SANDBOX_PORT", "9123", "SANDBOX_API_KEY", "k-1", "SANDBOX_RENDER_TIME", "500ms"));
        assertThat(config.port()).isEqualTo(9123);
        assertThat(config.apiKey()).isEqualTo("k-1");
        assertThat(config.renderTime()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void listensOn8090WithTheDefaultsWhenNothingIsSet() {
        SandboxConfig config = SandboxMain.configFrom(Map.of());
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.apiKey()).isEqualTo("sandbox-key");
        assertThat(config.renderTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readsTheRenderTimeWithTheGatewaysDurationGrammarAndRefusesABareNumber() {
        assertThat(SandboxMain.configFrom(Map.of("SANDBOX_RENDER_TIME", "2m")).renderTime())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> SandboxMain.configFrom(Map.of("SANDBOX_RENDER_TIME", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SANDBOX_RENDER_TIME='2' is not a duration");
    }

    @Test
    void neverPrintsTheApiKey() {
        SandboxConfig config = SandboxConfig.custom().apiKey("super-secret").build();
        assertThat(config.toString()).doesNotContain("super-secret");
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        SandboxConfig config = SandboxConfig.defaults();
        assertThat(config.pendingTime()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.chunkedResponses()).isFalse();
        assertThat(config.seed()).isEqualTo(42L);
    }
}
