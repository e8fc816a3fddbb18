package dev.rendergateway.client;

/** Why a render ended in {@code error} or {@code timeout}: a machine-readable {@code code} and a message. */
public record RenderError(String code, String message) {
}
