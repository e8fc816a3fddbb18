package dev.rendergateway.server.http.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.server.support.TestGateway;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/** {@code POST /v1/renders/batch}: NDJSON in, NDJSON out, line by line, in order, while the body streams. */
class BatchSubmissionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MOVIE = "{\"movie\":{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}}";

    private TestGateway gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void answers10000LinesInOrderWhileTheBodyIsStillBeingSent() {
        gateway = TestGateway.start(Map.of("GATEWAY_TENANT_QUEUE_LIMIT", "20000"));
        int lines = 10_000;
        int window = 64;

        // The client sends line n + window only after the answer to line n has arrived. A gateway that read
        // the whole body before answering would never answer, and this would time out.
        List<JsonNode> answers = windowed(lines, window,
                n -> "{\"movie\":{\"scenes\":[{\"elements\":[]}]},\"metadata\":{\"n\":" + n + "}}");

        assertThat(answers).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            JsonNode answer = answers.get(i);
            assertThat(answer.get("line").asLong()).isEqualTo(i + 1);
            assertThat(answer.get("render").get("metadata").get("n").asInt()).isEqualTo(i + 1);
            assertThat(answer.get("render").get("status").asText()).isIn("queued", "submitting", "running");
        }
    }

    @Test
    void aBadLineFailsAloneWithAProblemNamingIt() {
        gateway = TestGateway.start(Map.of("GATEWAY_MAX_BODY", "2KiB"));
        String body = String.join("\n",
                MOVIE,
                "{not json",
                "{\"movie\":{}}",
                "",
                "{\"movie\":{\"comment\":\"" + "x".repeat(3000) + "\",\"scenes\":[{}]}}",
                MOVIE) + "\n";

        List<JsonNode> answers = send(body);

        assertThat(answers).extracting(a -> a.get("line").asInt()).containsExactly(1, 2, 3, 5, 6);
        assertThat(answers.get(0).has("render")).isTrue();
        assertThat(answers.get(1).get("problem").get("status").asInt()).isEqualTo(400);
        assertThat(answers.get(1).get("problem").get("detail").asText()).startsWith("Line 2");
        assertThat(answers.get(2).get("problem").get("status").asInt()).isEqualTo(422);
        assertThat(answers.get(2).get("problem").get("errors").get(0).get("field").asText()).isEqualTo("movie.scenes");
        assertThat(answers.get(3).get("problem").get("status").asInt()).isEqualTo(413);
        assertThat(answers.get(4).has("render")).isTrue();
        assertThat(gateway.client().get("/v1/renders", TestGateway.ACME_KEY).json().get("items")).hasSize(2);
    }

    @Test
    void linesPastTheQueueLimitAreRefusedWith429AndARetryAfter() {
        gateway = TestGateway.start(Map.of("GATEWAY_TENANT_QUEUE_LIMIT", "3", "GATEWAY_UPSTREAM_RATE", "0.01"));

        List<JsonNode> answers = send((MOVIE + "\n").repeat(5));

        assertThat(answers).hasSize(5);
        assertThat(answers.stream().filter(a -> a.has("render")).count()).isBetween(3L, 4L);
        JsonNode refused = answers.get(4).get("problem");
        assertThat(refused.get("status").asInt()).isEqualTo(429);
        assertThat(refused.get("retryAfter").asLong()).isPositive();
    }

    @Test
    void refusesABatchWithoutAKey() {
        gateway = TestGateway.start();

        var reply = gateway.client().post("/v1/renders/batch", null, MOVIE + "\n");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    }

    private List<JsonNode> send(String body) {
        return exchange(Flux.just(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)), answer -> { });
    }

    private List<JsonNode> windowed(int lines, int window, IntFunction<String> line) {
        Sinks.Many<ByteBuf> out = Sinks.many().unicast().onBackpressureBuffer();
        AtomicInteger sent = new AtomicInteger();
        Runnable sendNext = () -> {
            int n = sent.incrementAndGet();
            if (n <= lines) {
                out.tryEmitNext(Unpooled.copiedBuffer(line.apply(n) + "\n", StandardCharsets.UTF_8));
            }
            if (n == lines) {
                out.tryEmitComplete();
            }
        };
        for (int i = 0; i < window; i++) {
            sendNext.run();
        }
        return exchange(out.asFlux(), answer -> sendNext.run());
    }

    private List<JsonNode> exchange(Flux<ByteBuf> body, java.util.function.Consumer<JsonNode> onAnswer) {
        StringBuilder partial = new StringBuilder();
        return HttpClient.create()
                .port(gateway.port())
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TestGateway.ACME_KEY)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson"))
                .post()
                .uri("/v1/renders/batch")
                .send(body)
                .response((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .concatMapIterable(chunk -> completeLines(partial, chunk)))
                .map(BatchSubmissionTest::json)
                .doOnNext(onAnswer)
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    private static List<String> completeLines(StringBuilder partial, String chunk) {
        partial.append(chunk);
        List<String> lines = new ArrayList<>();
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
        return lines;
    }

    private static JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
