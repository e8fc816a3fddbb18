package dev.rendergateway.client;

/** One server-sent event: its {@code id} (or null), {@code event} name ({@code message} by default), {@code data}. */
record SseEvent(String id, String event, String data) {
}
