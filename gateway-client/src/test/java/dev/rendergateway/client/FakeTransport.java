package dev.rendergateway.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A transport that answers unary calls from a script, in order, and records every call it was given. */
final class FakeTransport implements Transport {

    private final Deque<Object> script = new ArrayDeque<>();
    final List<HttpCall> calls = new CopyOnWriteArrayList<>();

    FakeTransport answer(int status, Map<String, String> headers, String body) {
        script.add(new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The next call fails as a connection would. */
    FakeTransport dropConnection() {
        script.add(new GatewayUnreachableException("cannot reach the gateway: Connection reset", null));
        return this;
    }

    @Override
    public Mono<HttpReply> exchange(HttpCall call) {
        return Mono.defer(() -> {
            calls.add(call);
            Object next = script.poll();
            if (next == null) {
                return Mono.error(new AssertionError("no answer scripted for call " + calls.size()));
            }
            return next instanceof RuntimeException failure ? Mono.error(failure) : Mono.just((HttpReply) next);
        });
    }

    @Override
    public Flux<String> lines(HttpCall call, Publisher<ByteBuf> body) {
        return Flux.error(new UnsupportedOperationException("streams are specified against real servers"));
    }

    @Override
    public void close() {
    }
}
