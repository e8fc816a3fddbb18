package dev.rendergateway.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One logical event stream over as many connections as it takes: after a dropped, refused or silent connection it
 * reconnects after the server's {@code retry:} delay (1 s until told; a {@code Retry-After} when refused with one)
 * with {@code Last-Event-ID} set to the last event seen, so nothing is lost or repeated. It gives up after
 * {@code maxAttempts} connections in a row that brought neither an event nor a heartbeat, and completes once
 * {@code finished} holds.
 */
final class RenderEventStream {

    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    private final Transport transport;
    private final WireJson json;
    private final String path;
    private final int maxAttempts;
    private final Duration idleTimeout;
    private final AtomicReference<String> lastEventId = new AtomicReference<>();
    private final AtomicReference<Duration> retry = new AtomicReference<>(DEFAULT_RETRY);
    private final AtomicReference<Duration> nextDelay = new AtomicReference<>();
    private final AtomicInteger emptyConnectionsInARow = new AtomicInteger();
    private volatile boolean ended;

    RenderEventStream(Transport transport, WireJson json, String path, int maxAttempts, Duration idleTimeout) {
        this.transport = transport;
        this.json = json;
        this.path = path;
        this.maxAttempts = maxAttempts;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The renders of the stream until {@code finished} holds after one of them; on a {@code 204} (nothing more will
     * come) it emits what {@code onNoContent} gives, then completes.
     */
    Flux<Render> renders(Predicate<Render> finished, Mono<Render> onNoContent) {
        return Flux.defer(() -> connection(onNoContent))
                .repeatWhen(companion -> companion.takeWhile(tick -> !ended).concatMap(tick -> Mono.delay(delay())))
                .takeUntil(render -> {
                    boolean done = finished.test(render);
                    ended |= done;
                    return done;
                });
    }

    private Duration delay() {
        Duration once = nextDelay.getAndSet(null);
        return once != null ? once : retry.get();
    }

    private Flux<Render> connection(Mono<Render> onNoContent) {
        Map<String, String> headers = new HashMap<>(Map.of("Accept", "text/event-stream"));
        String resumeFrom = lastEventId.get();
        if (resumeFrom != null) {
            headers.put("Last-Event-ID", resumeFrom);
        }
        SseParser parser = new SseParser();
        return transport.lines(new HttpCall("GET", path, headers, null), Mono.empty())
                .timeout(idleTimeout)
                .doOnNext(line -> {
                    if (line.startsWith(":")) {
                        emptyConnectionsInARow.set(0); // a heartbeat: the connection is alive
                    }
                })
                .concatMap(line -> Mono.justOrEmpty(parser.line(line)))
                .doOnNext(event -> {
                    parser.retry().ifPresent(retry::set);
                    if (event.id() != null) {
                        lastEventId.set(event.id());
                    }
                })
                .filter(event -> event.event().equals("render"))
                .doOnNext(event -> emptyConnectionsInARow.set(0))
                .map(event -> json.render(json.tree(event.data().getBytes(StandardCharsets.UTF_8))))
                .concatWith(Mono.defer(() -> giveUpAfterTooMany(null)))
                .onErrorResume(NoContentException.class, noContent -> {
                    ended = true;
                    return onNoContent;
                })
                .onErrorResume(this::reconnectable, this::giveUpAfterTooMany);
    }

    private boolean reconnectable(Throwable error) {
        if (error instanceof RenderGatewayException refused) {
            return Retries.waitBefore(refused, 1).isPresent();
        }
        return error instanceof GatewayUnreachableException || error instanceof TimeoutException;
    }

    /** A connection ended ({@code error} null: closed by the server) without the stream being finished. */
    private Mono<Render> giveUpAfterTooMany(Throwable error) {
        if (emptyConnectionsInARow.incrementAndGet() >= maxAttempts) {
            return Mono.error(error != null ? error : new GatewayUnreachableException("the event stream " + path
                    + " closed " + maxAttempts + " times in a row without sending anything", null));
        }
        if (error instanceof RenderGatewayException refused) {
            refused.retryAfter().ifPresent(nextDelay::set);
        }
        return Mono.empty();
    }
}
