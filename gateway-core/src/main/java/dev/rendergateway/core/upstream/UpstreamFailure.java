package dev.rendergateway.core.upstream;

/** How a call to the upstream failed, and so whether a submission may have created a render. */
public enum UpstreamFailure {
    /** The request never fully left the gateway (refused connection, write failure): nothing happened upstream. */
    NOT_SENT(false, true),
    /** 429: the upstream refused before doing anything; retry later. */
    RATE_LIMITED(false, true),
    /** A 4xx about the movie or the account: the upstream did nothing and will refuse again. */
    REJECTED(false, false),
    /** A 5xx: the upstream may or may not have acted. */
    SERVER_ERROR(true, true),
    /** The request was written but no answer came (timeout, dropped connection). */
    NO_ANSWER(true, true),
    /** An answer came that cannot be understood. */
    UNPARSEABLE(true, true),
    /** A well-formed answer with {@code "success": false}. */
    UNSUCCESSFUL(false, false);

    private final boolean mayHaveActed;
    private final boolean transientFailure;

    UpstreamFailure(boolean mayHaveActed, boolean transientFailure) {
        this.mayHaveActed = mayHaveActed;
        this.transientFailure = transientFailure;
    }

    /** Whether a POST that failed this way may have created a (paid) render. */
    public boolean mayHaveActed() {
        return mayHaveActed;
    }

    /** Whether the same request could succeed later. */
    public boolean isTransient() {
        return transientFailure;
    }
}
