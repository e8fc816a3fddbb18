package dev.rendergateway.core.idempotency;

/** An {@code Idempotency-Key} cannot be honoured for this request: reused with another body, or still in use. */
public final class IdempotencyKeyException extends RuntimeException {

    private final IdempotencyClaim.Outcome outcome;

    public IdempotencyKeyException(IdempotencyClaim.Outcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    /** {@link IdempotencyClaim.Outcome#MISMATCH} or {@link IdempotencyClaim.Outcome#IN_PROGRESS}. */
    public IdempotencyClaim.Outcome outcome() {
        return outcome;
    }
}
