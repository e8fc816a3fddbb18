package dev.rendergateway.loadtests.result;

/** How a figure compares with its goal. */
public enum Verdict {
    /** The goal is met. */
    MET,
    /** The goal is missed. */
    MISSED,
    /** The figure has no goal of its own (context, or the baseline's side). */
    INFO;

    /** MET when {@code ok}, else MISSED. */
    public static Verdict of(boolean ok) {
        return ok ? MET : MISSED;
    }
}
