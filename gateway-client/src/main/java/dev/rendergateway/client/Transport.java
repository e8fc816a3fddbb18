package dev.rendergateway.client;

import io.netty.buffer.ByteBuf;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How calls reach the gateway; one Reactor Netty implementation, and fakes in specs. */
interface Transport extends AutoCloseable {

    /**
     * Sends the call and reads its whole answer, whatever its status;
     * a failed connection as {@link GatewayUnreachableException}.
     */
    Mono<HttpReply> exchange(HttpCall call);

    /**
     * Sends the call with a streamed body (or none) and emits the answer's lines as they arrive; an answer of 400
     * or more fails with {@link RenderGatewayException}, a 204 with {@link NoContentException}.
     */
    Flux<String> lines(HttpCall call, Publisher<ByteBuf> body);

    @Override
    void close();
}
