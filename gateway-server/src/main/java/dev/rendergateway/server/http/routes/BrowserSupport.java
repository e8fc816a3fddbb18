package dev.rendergateway.server.http.routes;

import dev.rendergateway.server.http.Cors;
import dev.rendergateway.server.http.ops.StaticAssets;
import dev.rendergateway.server.http.tokens.TokenHandlers;

/** What browsers need besides the API: CORS, access tokens for EventSource, and the dashboard's files. */
public record BrowserSupport(Cors cors, TokenHandlers tokens, StaticAssets assets) {
}
