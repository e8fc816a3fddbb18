package dev.rendergateway.core.webhooks;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The tenants' webhook signing secrets. A tenant has one secret (created on first use); a rotation adds a new
 * one and keeps the previous one valid for an overlap, during which deliveries are signed with both. A shared
 * implementation (Redis) keeps the same contract.
 */
public interface WebhookSecrets {

    /** The tenant's valid secrets, newest first; creates the first one if there is none. */
    Mono<List<WebhookSecret>> current(String tenant);

    /** Adds a new secret; the previous newest stays valid for the overlap, older ones end now. Newest first. */
    Mono<List<WebhookSecret>> rotate(String tenant);
}
