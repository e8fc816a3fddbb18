package dev.rendergateway.server.webhooks;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A caller's webhook receiver: a real Reactor Netty server on 127.0.0.1 and a free port, answering from a script
 * (then 204) and keeping every request it got.
 */
final class Receiver implements AutoCloseable {

    /** One request as the receiver got it. */
    record Received(String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** One scripted answer: a status and an optional Retry-After. */
    record Scripted(int status, String retryAfter) {
    }

    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Sinks.Many<Received> received = Sinks.many().replay().all();
    private final DisposableServer server;

    Receiver(Scripted... answers) {
        script.addAll(List.of(answers));
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            count.incrementAndGet();
                            synchronized (received) {
                                received.tryEmitNext(new Received(request.uri(), copy(request.requestHeaders()),
                                        body));
                            }
                            Scripted answer = script.poll();
                            if (answer == null) {
                                return response.status(204).send();
                            }
                            if (answer.retryAfter() != null) {
                                response.header("Retry-After", answer.retryAfter());
                            }
                            return response.status(answer.status()).sendString(Mono.just("nope")).then();
                        }))
                .bindNow();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** The first {@code count} requests, waiting for them at most {@code within}. */
    List<Received> await(int count, Duration within) {
        return received.asFlux().take(count).collectList().block(within);
    }

    /** How many requests it got so far. */
    int count() {
        return count.get();
    }

    private static Map<String, List<String>> copy(HttpHeaders headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.names().forEach(name -> copy.put(name, List.copyOf(headers.getAll(name))));
        return copy;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
