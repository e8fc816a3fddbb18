package dev.rendergateway.server.http.tokens;

import java.time.Instant;

/** A signed access token and the instant it stops being accepted. */
public record IssuedToken(String token, Instant expiresAt) {
}
