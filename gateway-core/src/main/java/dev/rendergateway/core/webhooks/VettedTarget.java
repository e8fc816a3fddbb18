package dev.rendergateway.core.webhooks;

import java.net.InetSocketAddress;
import java.net.URI;

/** A caller's webhook URL with the address it was vetted at; deliveries connect there, not to a new lookup. */
public record VettedTarget(URI uri, InetSocketAddress address) {
}
