package dev.rendergateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses a client that could not work, naming the setting. */
class ClientBuilderTest {

    private static RenderGatewayClient.Builder valid() {
        return RenderGatewayClient.builder().baseUrl("http://localhost:8080").apiKey("gw_dev_123");
    }

    @Test
    void buildsWithABaseUrlAndAKey() {
        try (RenderGatewayClient client = valid().build()) {
            assertThat(client.baseUrl()).hasToString("http://localhost:8080");
        }
    }

    @Test
    void requiresABaseUrl() {
        assertThatThrownBy(() -> RenderGatewayClient.builder().apiKey("k").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl is required");
    }

    @Test
    void requiresAnHttpOrHttpsUrlWithAHost() {
        assertThatThrownBy(() -> valid().baseUrl("ftp://host").build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> valid().baseUrl("localhost:8080").build()).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> valid().baseUrl("http://host/?q=1").build()).hasMessageContaining("no query");
    }

    @Test
    void requiresAKeyOfVisibleCharacters() {
        assertThatThrownBy(() -> valid().apiKey(null).build()).hasMessageContaining("apiKey is required");
        assertThatThrownBy(() -> valid().apiKey(" ").build()).hasMessageContaining("apiKey is required");
        assertThatThrownBy(() -> valid().apiKey("a\nb").build()).hasMessageContaining("apiKey is required");
    }

    @Test
    void requiresSensibleBounds() {
        assertThatThrownBy(() -> valid().maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> valid().maxRetryWait(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxRetryWait");
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ZERO).build()).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> valid().maxConnections(0).build()).hasMessageContaining("maxConnections");
    }

    @Test
    void neverShowsTheKeyInItsSettings() {
        ClientSettings settings = new ClientSettings(URI.create("http://h"), "secret-key", 1, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, "ua");
        assertThat(settings.toString()).doesNotContain("secret-key");
    }
}
