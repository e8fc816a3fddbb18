package dev.rendergateway.core.webhooks;

/** How a receiver answered one delivery: its status code and its {@code Retry-After} header, if any. */
public record TransportAnswer(int status, String retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
