package dev.rendergateway.server;

import dev.rendergateway.core.events.SubscriberStats;
import dev.rendergateway.server.http.events.EventStreamHandlers;

/**
 * What event streams hold at one moment: open streams, feed subscriptions, and events waiting for slow
 * clients in their mailboxes. All return to zero when every client has gone.
 */
public record StreamStats(int openStreams, int subscribers, int subscribedKeys, long pendingEvents,
                          long conflatedEvents) {

    /** Whether nothing is held for any stream: no stream, subscription or pending event. */
    public boolean isIdle() {
        return openStreams == 0 && subscribers == 0 && subscribedKeys == 0 && pendingEvents == 0;
    }

    /** The gateway's event streams: where the figures come from, and how they all end at shutdown. */
    record Streams(EventStreamHandlers streams, SubscriberStats events) {

        void endAll() {
            streams.endAll();
        }

        StreamStats now() {
            return new StreamStats(streams.openStreams(), events.subscriberCount(), events.subscribedKeys(),
                    events.pendingEvents(), events.conflatedEvents());
        }
    }
}
