package dev.rendergateway.client;

/** The gateway could not be reached, or the connection broke before its answer was complete. */
public class GatewayUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GatewayUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
