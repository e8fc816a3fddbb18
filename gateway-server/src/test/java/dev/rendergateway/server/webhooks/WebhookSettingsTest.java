package dev.rendergateway.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.GatewayConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook variables: the safety interval (10 × the poll interval by default) and the hook secret. */
class WebhookSettingsTest {

    @Test
    void pollsAtTenTimesThePollIntervalWhileWebhooksAreExpectedByDefault() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("GATEWAY_POLL_INTERVAL", "3s"));

        assertThat(config.webhooks().safetyInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.webhooks().hookSecret()).isEmpty();
    }

    @Test
    void readsTheSafetyIntervalAndHookSecretAndNeverShowsTheSecret() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_WEBHOOK_SAFETY_INTERVAL", "2m",
                "GATEWAY_HOOK_SECRET", "a-secret-of-at-least-32-characters!"));

        assertThat(config.webhooks().safetyInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.webhooks().hookSecret()).contains("a-secret-of-at-least-32-characters!");
        assertThat(config.toString()).doesNotContain("a-secret-of-at-least-32-characters!");
    }

    @Test
    void refusesAShortHookSecretNamingTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("GATEWAY_HOOK_SECRET", "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_HOOK_SECRET")
                .hasMessageNotContaining("short'");
    }
}
