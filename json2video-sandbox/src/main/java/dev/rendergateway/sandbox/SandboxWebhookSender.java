package dev.rendergateway.sandbox;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Makes the sandbox's webhook calls as JSON2Video does: one unsigned POST per destination, no retry, not
 * following redirects. Non-blocking; every call is recorded in the counters, answered or not.
 */
final class SandboxWebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxWebhookSender.class);
    /** JSON2Video gives a receiver 5 s to answer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ConnectionProvider pool = ConnectionProvider.builder("sandbox-webhooks")
            .maxConnections(64)
            .pendingAcquireMaxCount(-1)
            .build();
    private final HttpClient http = HttpClient.create(pool)
            .responseTimeout(TIMEOUT)
            .followRedirect(false)
            .disableRetry(true);
    private final SandboxCounters counters;
    private final Clock clock;

    SandboxWebhookSender(SandboxCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** Sends one call; emits the receiver's status, or 0 when it did not answer. Never errors. */
    Mono<Integer> send(WebhookCall call) {
        return Mono.defer(() -> {
            Instant sentAt = clock.instant();
            return http.headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, call.contentType()))
                    .post()
                    .uri(call.endpoint())
                    .send((request, out) -> out.sendByteArray(Mono.just(call.body())))
                    .response()
                    .map(response -> response.status().code())
                    .timeout(TIMEOUT)
                    .onErrorResume(error -> {
                        LOG.info("webhook of {} to {} failed: {}", call.project(), call.endpoint(), error.toString());
                        return Mono.just(0);
                    })
                    .doOnNext(status -> counters.recordWebhookCall(
                            new WebhookCallRecord(call.project(), call.endpoint(), sentAt, status)));
        });
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
