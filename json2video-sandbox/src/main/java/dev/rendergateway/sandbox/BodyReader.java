package dev.rendergateway.sandbox;

import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads a whole (possibly chunked) request body, refusing bodies above a cap. */
final class BodyReader {

    /** Signals a body larger than the cap. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("request body too large", null, false, false);
        }
    }

    private BodyReader() {}

    /** The body's bytes (empty when there is none), or a {@link TooLargeException}. */
    static Mono<byte[]> read(HttpServerRequest request, int cap) {
        String declared = request.requestHeaders().get("content-length");
        if (declared != null && declaredTooLarge(declared, cap)) {
            return Mono.error(new TooLargeException());
        }
        return request.receive()
                .asByteArray()
                .collect(ByteArrayOutputStream::new, (out, bytes) -> append(out, bytes, cap))
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static void append(ByteArrayOutputStream out, byte[] bytes, int cap) {
        if (out.size() + (long) bytes.length > cap) {
            throw new TooLargeException();
        }
        out.writeBytes(bytes);
    }

    private static boolean declaredTooLarge(String declared, int cap) {
        try {
            return Long.parseLong(declared.trim()) > cap;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
