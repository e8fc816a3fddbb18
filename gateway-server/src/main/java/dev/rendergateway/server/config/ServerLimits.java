package dev.rendergateway.server.config;

import java.time.Duration;

/**
 * Bounds that protect the listener from slow, stalled and hostile clients.
 *
 * @param readTimeout    {@code GATEWAY_READ_TIMEOUT}: longest a request's head may take to arrive, and longest
 *                       pause while its body arrives (slowloris)
 * @param idleTimeout    {@code GATEWAY_IDLE_TIMEOUT}: a kept-alive connection without a request is closed after this
 * @param maxHeaderBytes {@code GATEWAY_MAX_HEADER_SIZE}: largest request head (431 beyond); the request line
 *                       may be at most half of it (414 beyond)
 * @param maxJsonDepth   {@code GATEWAY_MAX_JSON_DEPTH}: deepest nesting of a JSON body or NDJSON line (400 beyond)
 * @param maxStreamsPerTenant {@code GATEWAY_TENANT_MAX_STREAMS}: open event streams per tenant (429 beyond)
 */
public record ServerLimits(Duration readTimeout, Duration idleTimeout, int maxHeaderBytes, int maxJsonDepth,
                           int maxStreamsPerTenant) {

    /** The defaults: 10 s read, 60 s idle, 16 KiB heads, depth 64, 5,000 streams per tenant. */
    public static ServerLimits defaults() {
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 16 * 1024, 64, 5000);
    }

    /** The request line's limit: half the head's. */
    public int maxInitialLineBytes() {
        return Math.max(1024, maxHeaderBytes / 2);
    }
}
