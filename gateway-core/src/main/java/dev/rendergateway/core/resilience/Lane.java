package dev.rendergateway.core.resilience;

/**
 * Which kind of upstream request waits for a slot of the budget. Lanes share the budget by weighted
 * round robin, so none starves: see {@link LocalUpstreamBudget}.
 */
public enum Lane {
    /** A POST that starts a render: a caller is waiting for its render to begin. */
    SUBMIT,
    /** A status GET of a render that someone watches (an SSE stream of it or of its tenant). */
    WATCHED_POLL,
    /** A status GET of a render nobody watches right now. */
    BACKGROUND_POLL
}
