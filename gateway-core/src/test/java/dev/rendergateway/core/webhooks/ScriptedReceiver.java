package dev.rendergateway.core.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A receiver behind the {@link WebhookTransport} seam for virtual-time specs: answers from a script (then 204),
 * and remembers every request. The real transport is specified against a real HTTP receiver in gateway-server.
 */
final class ScriptedReceiver implements WebhookTransport {

    /** One request as it reached the receiver. */
    record Request(VettedTarget target, Map<String, String> headers, String body, Instant at) {
    }

    private final Queue<Mono<TransportAnswer>> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile Mono<TransportAnswer> otherwise = Mono.just(new TransportAnswer(204, null));

    ScriptedReceiver(Clock clock) {
        this.clock = clock;
    }

    ScriptedReceiver answer(int status, String retryAfter) {
        script.add(Mono.just(new TransportAnswer(status, retryAfter)));
        return this;
    }

    ScriptedReceiver answerNothing() {
        script.add(Mono.never());
        return this;
    }

    ScriptedReceiver always(int status) {
        otherwise = Mono.just(new TransportAnswer(status, null));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public Mono<TransportAnswer> post(VettedTarget target, Map<String, String> headers, byte[] body) {
        return Mono.defer(() -> {
            requests.add(new Request(target, Map.copyOf(headers), new String(body, StandardCharsets.UTF_8),
                    clock.instant()));
            Mono<TransportAnswer> next = script.poll();
            return next == null ? otherwise : next;
        });
    }
}
