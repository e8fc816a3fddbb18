package dev.rendergateway.core.webhooks;

import java.util.Locale;

/** Where one delivery of a caller's webhook stands. */
public enum DeliveryState {
    /** Waiting for its next attempt. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every attempt of the schedule failed. */
    FAILED,
    /** The receiver answered 410 Gone: no more attempts for this render. */
    DISABLED,
    /** The URL now reaches a forbidden address: not called again. */
    REFUSED;

    /** The lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
