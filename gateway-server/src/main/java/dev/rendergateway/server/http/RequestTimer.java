package dev.rendergateway.server.http;

/** Hears of every answered request: its method, route template, status and how long it took. */
@FunctionalInterface
public interface RequestTimer {

    /** Records nothing. */
    RequestTimer NONE = (method, route, status, nanos) -> { };

    void record(String method, String route, int status, long nanos);
}
