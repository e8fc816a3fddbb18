package dev.rendergateway.sandbox;

import java.time.Instant;

/** A webhook call the sandbox made: when it started and how the receiver answered (0 when it did not). */
public record WebhookCallRecord(String project, String endpoint, Instant sentAt, int status) {
}
