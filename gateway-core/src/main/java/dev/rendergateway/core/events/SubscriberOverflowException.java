package dev.rendergateway.core.events;

/** Ends a feed whose subscriber fell too far behind; the subscriber resumes from its last event by reconnecting. */
public final class SubscriberOverflowException extends RuntimeException {

    public SubscriberOverflowException(int pending) {
        super("subscriber fell " + pending + " events behind", null, false, false);
    }
}
