package dev.rendergateway.server;

import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.server.config.GatewayConfig;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the gateway sends renders: the configured JSON2Video, or, when no {@code JSON2VIDEO_API_KEY} is
 * set, a JSON2Video sandbox started in this process (and stopped with it).
 */
final class UpstreamConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
    /** Long enough that a newcomer polling every 5 s sees the progress move before it is done. */
    private static final Duration SANDBOX_RENDER_TIME = Duration.ofSeconds(12);

    private final URI baseUrl;
    private final String apiKey;
    private final Json2VideoSandbox sandbox;

    private UpstreamConnection(URI baseUrl, String apiKey, Json2VideoSandbox sandbox) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.sandbox = sandbox;
    }

    static UpstreamConnection open(GatewayConfig config) {
        if (config.upstreamApiKey().isPresent()) {
            log.info("upstream: JSON2Video at {}", config.upstreamBaseUrl());
            return new UpstreamConnection(config.upstreamBaseUrl(), config.upstreamApiKey().get(), null);
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = "sandbox-" + HexFormat.of().formatHex(secret);
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
                .apiKey(key)
                .renderTime(SANDBOX_RENDER_TIME)
                .build());
        log.info("no JSON2VIDEO_API_KEY set: using the embedded JSON2Video sandbox at {} "
                + "(renders are simulated, nothing is billed)", sandbox.baseUrl());
        return new UpstreamConnection(URI.create(sandbox.baseUrl()), key, sandbox);
    }

    URI baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    boolean isSandbox() {
        return sandbox != null;
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
