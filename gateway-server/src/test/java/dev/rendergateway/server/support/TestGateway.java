package dev.rendergateway.server.support;

import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway on a free port in front of a real JSON2Video sandbox with short renders, started and
 * stopped together. Renders take {@link #RENDER_TIME}; the gateway polls every {@link #POLL_INTERVAL}.
 */
public final class TestGateway implements AutoCloseable {

    public static final String ACME_KEY = "acme-key-123456";
    public static final String ZETA_KEY = "zeta-key-123456";
    public static final Duration RENDER_TIME = Duration.ofMillis(800);
    public static final Duration PENDING_TIME = Duration.ofMillis(100);
    public static final String POLL_INTERVAL = "100ms";

    private final Json2VideoSandbox sandbox;
    private final boolean ownsSandbox;
    private final RenderGateway gateway;
    private final GatewayClient client;

    private TestGateway(Json2VideoSandbox sandbox, boolean ownsSandbox, RenderGateway gateway) {
        this.sandbox = sandbox;
        this.ownsSandbox = ownsSandbox;
        this.gateway = gateway;
        this.client = new GatewayClient(gateway.port());
    }

    /** The sandbox's settings: renders of {@link #RENDER_TIME} after {@link #PENDING_TIME}. */
    public static SandboxConfig.Builder sandboxConfig() {
        return SandboxConfig.custom().renderTime(RENDER_TIME).pendingTime(PENDING_TIME);
    }

    /**
     * A gateway in front of a sandbox it shares with others (several instances on one Redis); the sandbox is
     * left running when this gateway closes.
     */
    public static TestGateway startOn(Json2VideoSandbox shared, Map<String, String> overrides) {
        GatewayConfig config = GatewayConfig.fromEnvironment(environment(overrides))
                .withUpstream(URI.create(shared.baseUrl()), shared.apiKey());
        return new TestGateway(shared, false, RenderGateway.start(config));
    }

    /** Tenants {@code acme} and {@code zeta}, 100 ms polls, plus {@code overrides} of the environment. */
    public static TestGateway start(Map<String, String> overrides) {
        return start(overrides, Clock.systemUTC());
    }

    /** The same, with the days of credit quotas counted on {@code wallClock}. */
    public static TestGateway start(Map<String, String> overrides, Clock wallClock) {
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(sandboxConfig().build());
        try {
            GatewayConfig config = GatewayConfig.fromEnvironment(environment(overrides))
                    .withUpstream(URI.create(sandbox.baseUrl()), sandbox.apiKey());
            return new TestGateway(sandbox, true, RenderGateway.start(config, wallClock));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private static Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_PORT", "0",
                "GATEWAY_POLL_INTERVAL", POLL_INTERVAL,
                "GATEWAY_API_KEYS", "acme:" + ACME_KEY + ",zeta:" + ZETA_KEY));
        env.putAll(overrides);
        return env;
    }

    public static TestGateway start() {
        return start(Map.of());
    }

    public Json2VideoSandbox sandbox() {
        return sandbox;
    }

    public GatewayClient client() {
        return client;
    }

    public RenderGateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            if (ownsSandbox) {
                sandbox.close();
            }
        }
    }
}
