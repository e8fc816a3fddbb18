package dev.rendergateway.core.events;

/** What an instance's event fan-out holds for its subscribers now; for metrics and the stream specs. */
public interface SubscriberStats {

    /** How many renders and tenants have live subscribers here. */
    int subscribedKeys();

    /** How many feeds are subscribed here now. */
    int subscriberCount();

    /** How many events wait in subscribers' mailboxes now, all subscribers together. */
    long pendingEvents();

    /** How many pending changes were replaced by a newer change of the same render, since the start. */
    long conflatedEvents();
}
