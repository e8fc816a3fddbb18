package dev.rendergateway.core.webhooks;

import java.time.Instant;
import java.util.Objects;

/**
 * One signing secret of a tenant, {@code whsec_} and base64 of 32 random bytes (the Standard Webhooks form).
 * {@code expiresAt} is null for the newest secret and set on the previous one during a rotation.
 */
public record WebhookSecret(String secret, Instant createdAt, Instant expiresAt) {

    public WebhookSecret {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether deliveries still sign with it at {@code now}. */
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /** Never shows the secret, so that logging one cannot leak it. */
    @Override
    public String toString() {
        return "WebhookSecret[secret=whsec_***, createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
