package dev.rendergateway.core.webhooks;

import java.util.Map;
import reactor.core.publisher.Mono;

/** Sends one delivery: a POST of the body to the vetted address, with these headers. */
public interface WebhookTransport {

    /** The receiver's answer; errors when there was none (refused, reset, timed out). */
    Mono<TransportAnswer> post(VettedTarget target, Map<String, String> headers, byte[] body);
}
