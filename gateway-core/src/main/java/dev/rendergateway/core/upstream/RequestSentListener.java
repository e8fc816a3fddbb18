package dev.rendergateway.core.upstream;

import reactor.util.context.ContextView;

/**
 * Told when a request has been fully written to the upstream. A caller puts one in the Reactor context
 * of a {@link Json2VideoClient} call (under {@link #KEY}); the budget uses it to space requests by when
 * they really left, not by when they were allowed to.
 */
@FunctionalInterface
public interface RequestSentListener {

    /** The context key under which a call carries its listener. */
    Object KEY = RequestSentListener.class;

    void requestSent();

    /** Tells the listener in {@code context}, if there is one. */
    static void notifySent(ContextView context) {
        context.<RequestSentListener>getOrEmpty(KEY).ifPresent(RequestSentListener::requestSent);
    }
}
