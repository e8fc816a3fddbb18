package dev.rendergateway.server.http;

import reactor.netty.http.server.HttpServerResponse;

/**
 * Tells every answer's reader when the gateway runs on its embedded JSON2Video sandbox (no
 * {@code JSON2VIDEO_API_KEY}): the header {@value #HEADER}{@code : }{@value #EMBEDDED_SANDBOX}, so a
 * dashboard or a script can warn that renders are simulated and nothing is billed. With a configured upstream
 * the header is absent: the gateway cannot know more about it than its URL.
 */
public final class UpstreamNotice {

    public static final String HEADER = "Render-Gateway-Upstream";
    public static final String EMBEDDED_SANDBOX = "embedded-sandbox";

    private static final UpstreamNotice NONE = new UpstreamNotice(false);
    private static final UpstreamNotice SANDBOX = new UpstreamNotice(true);

    private final boolean sandbox;

    private UpstreamNotice(boolean sandbox) {
        this.sandbox = sandbox;
    }

    /** The notice of a gateway on the embedded sandbox ({@code true}) or on a configured upstream. */
    public static UpstreamNotice of(boolean embeddedSandbox) {
        return embeddedSandbox ? SANDBOX : NONE;
    }

    public boolean embeddedSandbox() {
        return sandbox;
    }

    /** Adds the header to an answer when the upstream is the embedded sandbox. */
    public void decorate(HttpServerResponse response) {
        if (sandbox) {
            response.header(HEADER, EMBEDDED_SANDBOX);
        }
    }
}
