package dev.rendergateway.core.webhooks;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs deliveries per Standard Webhooks 1.0 with the {@code standardwebhooks} library: {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, one {@code v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>} per valid secret, space-separated, newest first; during a rotation a receiver holding
 * either secret can verify.
 */
public final class WebhookSigner {

    /** The three headers of a signed delivery. */
    public Map<String, String> headers(String messageId, long timestampSeconds, String body,
                                       List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret to sign with");
        }
        String signatures = secrets.stream()
                .map(secret -> sign(secret, messageId, timestampSeconds, body))
                .collect(Collectors.joining(" "));
        return Map.of("webhook-id", messageId,
                "webhook-timestamp", Long.toString(timestampSeconds),
                "webhook-signature", signatures);
    }

    private static String sign(WebhookSecret secret, String messageId, long timestamp, String body) {
        try {
            return new Webhook(secret.secret()).sign(messageId, timestamp, body);
        } catch (EmptyWebhookSecretException | WebhookSigningException | RuntimeException e) {
            // The library's message never contains the key; ours must not either.
            throw new IllegalStateException("a delivery could not be signed: " + e.getClass().getSimpleName());
        }
    }
}
