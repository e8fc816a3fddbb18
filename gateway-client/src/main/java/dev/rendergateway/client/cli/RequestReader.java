package dev.rendergateway.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.client.RenderRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Turns the CLI's inputs into render requests. A file or an NDJSON line is the body {@code POST /v1/renders} takes
 * ({@code {"movie": …, "metadata": …?, "webhook": …?, "idempotencyKey": …?}}), or a bare JSON2Video movie (an object
 * without a {@code movie} member), which is sent as {@code {"movie": <it>}}.
 */
final class RequestReader {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The request in one file; an {@link InputException} naming it when it is not one. */
    RenderRequest file(Path file) {
        try {
            return request(mapper.readTree(Files.readAllBytes(file)), file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InputException(file + ": " + firstLine(e), e);
        }
    }

    /** One request per non-blank line, read as they are asked for, on a thread that may block. */
    Flux<RenderRequest> ndjson(InputStream in) {
        return Flux.using(() -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                        reader -> Flux.fromStream(reader.lines()).index()
                                .filter(line -> !line.getT2().isBlank())
                                .map(line -> line(line.getT2(), line.getT1() + 1)),
                        reader -> { })
                .onErrorMap(UncheckedIOException.class, e -> new InputException("stdin: " + firstLine(e), e))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private RenderRequest line(String text, long number) {
        String where = "stdin line " + number;
        try {
            return request(mapper.readTree(text), where);
        } catch (IOException e) {
            throw new InputException(where + ": " + firstLine(e), e);
        }
    }

    private RenderRequest request(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InputException(where + ": expected a JSON object, {\"movie\": {…}} or a movie", null);
        }
        if (!node.has("movie")) {
            return RenderRequest.of(node);
        }
        JsonNode movie = node.get("movie");
        if (!movie.isObject()) {
            throw new InputException(where + ": \"movie\" must be a JSON object", null);
        }
        JsonNode webhook = node.get("webhook");
        JsonNode key = node.get("idempotencyKey");
        return new RenderRequest(movie, node.get("metadata"),
                webhook == null || webhook.isNull() ? null : webhook.asText(),
                key == null || key.isNull() ? null : key.asText());
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** An input that is not a render request: a usage error (exit 2) with a one-line message. */
    static final class InputException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
