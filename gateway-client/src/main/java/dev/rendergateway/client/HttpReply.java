package dev.rendergateway.client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A whole answer: status, headers (names in lower case) and body. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

    HttpReply {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
