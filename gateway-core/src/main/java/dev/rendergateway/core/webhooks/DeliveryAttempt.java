package dev.rendergateway.core.webhooks;

import java.time.Instant;

/**
 * One attempt to deliver: when it started, how long it took, the receiver's status code (null when it did not
 * answer) or what went wrong, and what came of it ({@code delivered}, {@code retry}, {@code failed},
 * {@code disabled}, {@code refused}).
 */
public record DeliveryAttempt(int number, Instant at, long durationMillis, Integer statusCode, String error,
                              String outcome) {
}
