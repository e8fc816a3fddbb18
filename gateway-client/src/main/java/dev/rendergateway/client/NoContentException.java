package dev.rendergateway.client;

/** A stream answered {@code 204 No Content}: nothing will come, do not reconnect (the render already ended). */
final class NoContentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NoContentException() {
        super("204 No Content", null, false, false);
    }
}
