package dev.rendergateway.client;

import java.util.Locale;

/** Where a render stands: {@code queued}, {@code submitting}, {@code running}, or one of the four terminal statuses. */
public enum RenderStatus {
    QUEUED, SUBMITTING, RUNNING, DONE, ERROR, TIMEOUT, CANCELLED,
    /** A status this client does not know yet (a newer gateway); never terminal. */
    UNKNOWN;

    /** Whether no further change will come: {@code done}, {@code error}, {@code timeout} or {@code cancelled}. */
    public boolean isTerminal() {
        return this == DONE || this == ERROR || this == TIMEOUT || this == CANCELLED;
    }

    /** The status as the API writes it, e.g. {@code "running"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a wire name; {@link #UNKNOWN} for one this client does not know. */
    public static RenderStatus fromWireName(String name) {
        for (RenderStatus status : values()) {
            if (status != UNKNOWN && status.wireName().equals(name)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
