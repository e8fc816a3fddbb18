package dev.rendergateway.core.store;

/**
 * The shared store (Redis) cannot be reached or did not answer in time. Nothing was decided: the caller may
 * retry later; the HTTP layer answers 503 with {@code Retry-After}.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
