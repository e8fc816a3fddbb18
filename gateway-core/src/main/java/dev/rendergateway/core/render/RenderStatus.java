package dev.rendergateway.core.render;

import java.util.Locale;

/** Where a render is in its life: from accepted by the gateway to one of the terminal outcomes. */
public enum RenderStatus {
    /** Accepted and stored; nothing has been sent upstream yet. */
    QUEUED,
    /** Claimed for submission; the POST to the upstream is under way. */
    SUBMITTING,
    /** The upstream accepted it and is rendering; it is being polled. */
    RUNNING,
    DONE,
    ERROR,
    TIMEOUT,
    CANCELLED;

    /** Whether nothing will ever change this render again. */
    public boolean isTerminal() {
        return this == DONE || this == ERROR || this == TIMEOUT || this == CANCELLED;
    }

    /** The lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name such as {@code running}; throws {@link IllegalArgumentException} otherwise. */
    public static RenderStatus fromWireName(String name) {
        for (RenderStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown render status '" + name + "'");
    }
}
