package dev.rendergateway.sandbox;

/**
 * Which body the sandbox sends to a movie's webhook when its render ends. JSON2Video's own pages disagree,
 * so the sandbox can send either; a receiver should trust neither.
 */
public enum WebhookBody {
    /** The status answer: {@code {"success":true,"movie":{…}}}. */
    STATUS_ANSWER,
    /** A flat object: {@code project}, {@code id}, {@code url}, and {@code width}, {@code height}, {@code duration}, {@code size} as strings. */
    FLAT
}
