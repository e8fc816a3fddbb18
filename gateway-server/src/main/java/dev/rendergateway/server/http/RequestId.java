package dev.rendergateway.server.http;

import dev.rendergateway.core.tracing.RequestIds;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The id of one request: the caller's {@code X-Request-Id} when well-formed, else 32 new random hex digits.
 * Ids correlate, they do not authorize, so a fast non-blocking random is enough (a SecureRandom may read
 * /dev/urandom on the event loop).
 */
final class RequestId {

    private static final HexFormat HEX = HexFormat.of();

    private RequestId() {
    }

    static String of(HttpServerRequest request) {
        String given = request.requestHeaders().get(RequestIds.HEADER);
        if (RequestIds.isWellFormed(given)) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Not String.format: its parsing was 2 % of the read path's CPU.
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
