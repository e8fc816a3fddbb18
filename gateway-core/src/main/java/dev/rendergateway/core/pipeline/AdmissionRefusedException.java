package dev.rendergateway.core.pipeline;

import java.time.Duration;

/**
 * A render was not accepted because the submission queue is full, for everyone or for its tenant. Nothing
 * of it was stored; {@link #retryAfter()} estimates when there will be room, from the queue's real drain rate.
 */
public final class AdmissionRefusedException extends RuntimeException {

    private final Duration retryAfter;

    public AdmissionRefusedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
