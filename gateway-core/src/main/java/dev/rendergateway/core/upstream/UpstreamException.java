package dev.rendergateway.core.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed upstream call, classified. Its message never carries request headers, so the API key
 * cannot leak through it.
 */
public final class UpstreamException extends RuntimeException {

    private final UpstreamFailure failure;
    private final int httpStatus;
    private final String upstreamMessage;
    private final Duration retryAfter;

    public UpstreamException(UpstreamFailure failure, int httpStatus, String upstreamMessage,
                             Duration retryAfter, Throwable cause) {
        super(describe(failure, httpStatus, upstreamMessage), cause, false, false);
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.upstreamMessage = upstreamMessage;
        this.retryAfter = retryAfter;
    }

    public UpstreamException(UpstreamFailure failure, int httpStatus, String upstreamMessage) {
        this(failure, httpStatus, upstreamMessage, null, null);
    }

    public UpstreamFailure failure() {
        return failure;
    }

    /** The HTTP status of the answer, or 0 when none came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** What the upstream said, or a description of what went wrong on the way. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    /** The wait the upstream asked for with {@code Retry-After}, if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static String describe(UpstreamFailure failure, int httpStatus, String message) {
        return "upstream " + failure.name().toLowerCase(java.util.Locale.ROOT)
                + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "")
                + (message == null ? "" : ": " + message);
    }
}
