package dev.rendergateway.server.http;

/** What browsers need besides the API: CORS, access tokens for EventSource, and the dashboard's files. */
public record BrowserSupport(Cors cors, TokenHandlers tokens, StaticAssets assets) {
}
