package dev.rendergateway.core.webhooks;

import dev.rendergateway.core.tracing.TraceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message for a caller's webhook: the terminal state of a render, signed and POSTed to its URL until the
 * receiver takes it or the schedule ends. {@code id} is the Standard Webhooks {@code webhook-id}, the same on
 * every attempt so receivers can drop duplicates; {@code payload} is the exact body, fixed when enqueued;
 * {@code trace} (null when unknown) is the render's trace context, sent with every attempt.
 */
public record Delivery(
        String id,
        String renderId,
        String tenant,
        String url,
        String type,
        String payload,
        Instant createdAt,
        DeliveryState state,
        List<DeliveryAttempt> attempts,
        Instant nextAttemptAt,
        TraceContext trace) {

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(renderId, "renderId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        attempts = List.copyOf(attempts);
    }

    /** A new delivery, due at once. */
    public static Delivery pending(String id, String renderId, String tenant, String url, String type,
                                   String payload, Instant now) {
        return new Delivery(id, renderId, tenant, url, type, payload, now, DeliveryState.PENDING, List.of(), now,
                null);
    }

    /** The same delivery after one more attempt; {@code nextAttemptAt} null unless it stays pending. */
    public Delivery after(DeliveryAttempt attempt, DeliveryState newState, Instant nextAttempt) {
        List<DeliveryAttempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new Delivery(id, renderId, tenant, url, type, payload, createdAt, newState, all,
                newState == DeliveryState.PENDING ? nextAttempt : null, trace);
    }

    /** The same delivery carrying the trace context its attempts continue (the render's). */
    public Delivery withTrace(TraceContext newTrace) {
        return new Delivery(id, renderId, tenant, url, type, payload, createdAt, state, attempts, nextAttemptAt,
                newTrace);
    }

    public boolean isPending() {
        return state == DeliveryState.PENDING;
    }
}
