package dev.rendergateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway (its public entry point, {@link RenderGateway}) on port 0, in front of a JSON2Video sandbox whose
 * renders take {@link #RENDER_TIME}; tenant {@code acme} with {@link #KEY}. The client under test shares no code with it.
 */
public final class LiveGateway implements AutoCloseable {

    public static final String KEY = "acme-client-key-1234";
    public static final String OTHER_KEY = "zeta-client-key-1234";
    public static final Duration RENDER_TIME = Duration.ofMillis(800);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Json2VideoSandbox sandbox;
    private final RenderGateway gateway;

    private LiveGateway(Json2VideoSandbox sandbox, RenderGateway gateway) {
        this.sandbox = sandbox;
        this.gateway = gateway;
    }

    /** Fast polls, a generous upstream rate and queue, plus {@code overrides} of the environment. */
    public static LiveGateway start(Map<String, String> overrides) {
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(SandboxConfig.custom().renderTime(RENDER_TIME)
                .pendingTime(Duration.ofMillis(100)).build());
        sandbox.movieQuota(1_000_000);
        try {
            Map<String, String> env = new HashMap<>(Map.of(
                    "GATEWAY_PORT", "0",
                    "GATEWAY_POLL_INTERVAL", "100ms",
                    "GATEWAY_UPSTREAM_RATE", "50",
                    "GATEWAY_TENANT_QUEUE_LIMIT", "20000",
                    "GATEWAY_API_KEYS", "acme:" + KEY + ",zeta:" + OTHER_KEY));
            env.putAll(overrides);
            GatewayConfig config = GatewayConfig.fromEnvironment(env)
                    .withUpstream(URI.create(sandbox.baseUrl()), sandbox.apiKey());
            return new LiveGateway(sandbox, RenderGateway.start(config));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    public static LiveGateway start() {
        return start(Map.of());
    }

    public String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** A client of this gateway as tenant {@code acme}. */
    public RenderGatewayClient client() {
        return RenderGatewayClient.builder().baseUrl(url()).apiKey(KEY).build();
    }

    /** A small movie; {@code comment} may carry the sandbox's {@code sandbox:error}. */
    public static JsonNode movie(String comment) {
        try {
            return MAPPER.readTree("{\"comment\":\"" + comment + "\",\"scenes\":[{\"elements\":[{\"type\":\"text\","
                    + "\"text\":\"Hello\",\"duration\":1}]}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            sandbox.close();
        }
    }
}
