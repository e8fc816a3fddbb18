package dev.rendergateway.core.render;

import java.util.Objects;

/** Why a render ended in {@code error} or {@code timeout}: a stable code and a human message. */
public record RenderError(String code, String message) {

    /** The submission may have reached the upstream and was deliberately not re-sent. */
    public static final String OUTCOME_UNKNOWN = "upstream_outcome_unknown";
    /** The upstream refused the movie or the account (a 4xx answer). */
    public static final String REJECTED = "upstream_rejected";
    /** The upstream rendered the movie and reported a failure. */
    public static final String RENDER_FAILED = "render_failed";
    /** The upstream stopped answering for this render's status. */
    public static final String STATUS_UNAVAILABLE = "upstream_status_unavailable";
    /** The render did not finish within the configured render timeout. */
    public static final String TIMED_OUT = "render_timeout";

    public RenderError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
