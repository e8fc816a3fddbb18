package dev.rendergateway.server.http;

import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.idempotency.IdempotencyKeyException;
import dev.rendergateway.core.pipeline.AdmissionRefusedException;
import dev.rendergateway.core.quota.QuotaExceededException;
import java.time.Duration;
import java.util.List;

/**
 * How every entry point answers a render that {@code RenderAdmission} did not let in: 429 over quota or a full
 * queue, 409 while the first request with the key is still being accepted, 422 for a key reused with another body.
 */
public final class AdmissionProblems {

    /** How soon a request that found its key in use may try again. */
    public static final Duration KEY_IN_USE_RETRY = Duration.ofSeconds(1);

    private final String keyField;

    /** {@code keyField} names where the key came from: the {@code Idempotency-Key} header or a batch line's field. */
    public AdmissionProblems(String keyField) {
        this.keyField = keyField;
    }

    /** Whether {@code error} is a refusal of admission rather than a failure. */
    public static boolean isRefusal(Throwable error) {
        return error instanceof QuotaExceededException || error instanceof IdempotencyKeyException
                || error instanceof AdmissionRefusedException;
    }

    /** The refusal as a problem to answer; call only when {@link #isRefusal} holds. */
    public ProblemException problemOf(Throwable refusal) {
        if (refusal instanceof QuotaExceededException quota) {
            return new ProblemException(Problem.quotaExceeded(quota.getMessage(), quota.retryAfter()));
        }
        if (refusal instanceof AdmissionRefusedException full) {
            return new ProblemException(Problem.queueFull(full.getMessage(), full.retryAfter()));
        }
        IdempotencyKeyException key = (IdempotencyKeyException) refusal;
        if (key.outcome() == IdempotencyClaim.Outcome.IN_PROGRESS) {
            return new ProblemException(new Problem(409, "idempotency-key-in-use", "Idempotency-Key in use",
                    key.getMessage(), List.of(), KEY_IN_USE_RETRY));
        }
        return new ProblemException(new Problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                key.getMessage(), List.of(new Problem.FieldError(keyField,
                        "was used before with a different body; use a new key for a new render")), null));
    }
}
