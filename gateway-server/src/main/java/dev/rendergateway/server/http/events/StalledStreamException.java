package dev.rendergateway.server.http.events;

/** Ends an event stream whose client has not taken a byte for several heartbeat periods. */
final class StalledStreamException extends RuntimeException {

    StalledStreamException(int heartbeats) {
        super("the client took nothing for " + heartbeats + " heartbeat periods", null, false, false);
    }
}
