package dev.rendergateway.core.quota;

import java.time.Duration;

/** A tenant has consumed its daily credits: nothing was accepted; {@link #retryAfter()} runs to the next UTC day. */
public final class QuotaExceededException extends RuntimeException {

    private final Duration retryAfter;

    public QuotaExceededException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
