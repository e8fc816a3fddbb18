package dev.rendergateway.redis.webhooks;

import dev.rendergateway.core.webhooks.SecretMinter;
import dev.rendergateway.core.webhooks.WebhookSecret;
import dev.rendergateway.core.webhooks.WebhookSecrets;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The {@link WebhookSecrets} shared by several gateway instances: a hash per tenant
 * ({@code webhook-secrets:<tenant>}: the current secret and, during a rotation, the previous one with its end),
 * created on first use and rotated by scripts, so that two instances never mint two different first secrets.
 * Secrets never appear in logs or exception messages.
 */
public final class RedisWebhookSecrets implements WebhookSecrets {

    private final RedisConnection connection;
    private final RedisKeys keys;
    private final Clock clock;
    private final String overlapMillis;
    private final SecretMinter minter = new SecretMinter();
    private final RedisScript current = RedisScript.load("webhook-secret-current");
    private final RedisScript rotate = RedisScript.load("webhook-secret-rotate");

    public RedisWebhookSecrets(RedisConnection connection, Clock clock, Duration overlap) {
        this.connection = connection;
        this.keys = connection.keys();
        this.clock = clock;
        this.overlapMillis = Long.toString(overlap.toMillis());
    }

    @Override
    public Mono<List<WebhookSecret>> current(String tenant) {
        return Mono.defer(() -> current.runList(connection.commands(), new String[] {keys.webhookSecrets(tenant)},
                minter.mint(), Long.toString(clock.millis()))).map(this::valid);
    }

    @Override
    public Mono<List<WebhookSecret>> rotate(String tenant) {
        return Mono.defer(() -> rotate.runList(connection.commands(), new String[] {keys.webhookSecrets(tenant)},
                minter.mint(), Long.toString(clock.millis()), overlapMillis)).map(this::valid);
    }

    /** current, current-created, previous, previous-created, previous-expires ('' when absent): the valid ones. */
    private List<WebhookSecret> valid(List<Object> reply) {
        Instant now = clock.instant();
        List<WebhookSecret> secrets = new ArrayList<>(2);
        secrets.add(new WebhookSecret(text(reply, 0), millis(reply, 1), null));
        if (!text(reply, 2).isEmpty()) {
            WebhookSecret previous = new WebhookSecret(text(reply, 2), millis(reply, 3), millis(reply, 4));
            if (previous.validAt(now)) {
                secrets.add(previous);
            }
        }
        return List.copyOf(secrets);
    }

    private static String text(List<Object> reply, int index) {
        Object value = reply.size() > index ? reply.get(index) : null;
        return value == null ? "" : value.toString();
    }

    private static Instant millis(List<Object> reply, int index) {
        return Instant.ofEpochMilli(Long.parseLong(text(reply, index)));
    }
}
