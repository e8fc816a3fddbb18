package dev.rendergateway.core.idempotency;

/** What {@link IdempotencyKeys#begin} found for a key: whether to go on, replay, or refuse. */
public record IdempotencyClaim(Outcome outcome, String renderId) {

    /** The possible findings. */
    public enum Outcome {
        /** The key is new and now reserved for this request: go on, then complete or release it. */
        RESERVED,
        /** A first request with the same key and body created {@code renderId}: answer with that render. */
        REPLAY,
        /** The key was used with a different body. */
        MISMATCH,
        /** A first request with the key is still being accepted. */
        IN_PROGRESS
    }

    public static IdempotencyClaim reserved() {
        return new IdempotencyClaim(Outcome.RESERVED, null);
    }

    public static IdempotencyClaim replay(String renderId) {
        return new IdempotencyClaim(Outcome.REPLAY, renderId);
    }

    public static IdempotencyClaim mismatch() {
        return new IdempotencyClaim(Outcome.MISMATCH, null);
    }

    public static IdempotencyClaim inProgress() {
        return new IdempotencyClaim(Outcome.IN_PROGRESS, null);
    }
}
