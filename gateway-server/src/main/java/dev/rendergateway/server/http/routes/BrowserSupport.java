package dev.rendergateway.server.http.routes;

import dev.rendergateway.server.http.Cors;
import dev.rendergateway.server.http.UpstreamNotice;
import dev.rendergateway.server.http.ops.StaticAssets;
import dev.rendergateway.server.http.tokens.TokenHandlers;

/**
 * What browsers need besides the API: CORS, access tokens for EventSource, the dashboard's files, and the
 * notice on every answer that the upstream is the embedded sandbox.
 */
public record BrowserSupport(Cors cors, TokenHandlers tokens, StaticAssets assets, UpstreamNotice notice) {
}
