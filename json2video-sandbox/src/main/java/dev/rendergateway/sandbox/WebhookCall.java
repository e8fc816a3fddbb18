package dev.rendergateway.sandbox;

/** One POST the sandbox owes a webhook destination: where, in which content type, with which body. */
public record WebhookCall(String project, String endpoint, String contentType, byte[] body) {
}
