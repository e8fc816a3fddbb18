package dev.rendergateway.sandbox;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Writes an {@link Answer} on the wire: whole with Content-Length, or as several flushed chunks. */
final class AnswerWriter {
    private static final int CHUNKS = 3;
    private static final Duration CHUNK_GAP = Duration.ofMillis(5);

    private final boolean chunked;

    AnswerWriter(boolean chunked) {
        this.chunked = chunked;
    }

    /** Sends the answer, or closes the connection when the answer is a drop. */
    Mono<Void> write(HttpServerResponse response, Answer answer) {
        if (answer.drop()) {
            return Mono.create(sink -> response.withConnection(
                    connection -> connection.channel().close().addListener(done -> sink.success())));
        }
        response.status(HttpResponseStatus.valueOf(answer.status()));
        response.header(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response::header);
        if (chunked && answer.body().length >= CHUNKS) {
            response.header(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            return response.send(chunks(answer.body()), buffer -> true).then();
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
        return response.sendByteArray(Mono.just(answer.body())).then();
    }

    /** The body in a few parts, each after a short non-blocking pause so they leave as separate chunks. */
    private static Flux<ByteBuf> chunks(byte[] body) {
        int size = (body.length + CHUNKS - 1) / CHUNKS;
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < body.length; from += size) {
            parts.add(Arrays.copyOfRange(body, from, Math.min(body.length, from + size)));
        }
        return Flux.fromIterable(parts)
                .index()
                .concatMap(part -> part.getT1() == 0
                        ? Mono.just(part.getT2())
                        : Mono.delay(CHUNK_GAP).thenReturn(part.getT2()))
                .map(Unpooled::wrappedBuffer);
    }
}
