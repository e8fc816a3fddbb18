package dev.rendergateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Calls refused with 429/503 (and 409 while a key is in use) wait for {@code Retry-After}, within the builder's
 * bounds; a dropped connection is retried after a backoff. Virtual time, a scripted transport.
 */
class RetryAfterRetriesTest {

    private static final String RENDER = "{\"id\":\"r_1\",\"status\":\"queued\",\"progress\":0}";
    private static final String BUSY = "{\"type\":\"/problems/too-many\",\"title\":\"Too many\",\"status\":429,"
            + "\"detail\":\"queue full\"}";
    private static final String DOWN = "{\"type\":\"/problems/unavailable\",\"title\":\"Unavailable\",\"status\":503}";

    private final FakeTransport transport = new FakeTransport();

    private RenderGatewayClient client(int maxAttempts, Duration maxRetryWait) {
        return RenderGatewayClient.builder().baseUrl("http://gateway.test").apiKey("k")
                .maxAttempts(maxAttempts).maxRetryWait(maxRetryWait).transport(json -> transport).build();
    }

    @Test
    void aSubmitRefusedWith429Then503IsSentAgainAfterEachRetryAfterUnderTheSameIdempotencyKey() {
        transport.answer(429, Map.of("retry-after", "30"), BUSY)
                .answer(503, Map.of("retry-after", "5"), DOWN)
                .answer(202, Map.of(), RENDER);
        RenderGatewayClient client = client(4, Duration.ofMinutes(1));

        StepVerifier.withVirtualTime(() -> client.submit(RenderRequest.of(LiveGateway.movie("x"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(35).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(render -> assertThat(render.id()).isEqualTo("r_1"))
                .verifyComplete();

        assertThat(transport.calls).hasSize(3);
        String key = transport.calls.get(0).headers().get("Idempotency-Key");
        assertThat(key).isNotBlank();
        assertThat(transport.calls)
                .allSatisfy(call -> assertThat(call.headers()).containsEntry("Idempotency-Key", key));
    }

    @Test
    void aKeyInUseAnswered409WithRetryAfterIsWaitedForToo() {
        transport.answer(409, Map.of("retry-after", "1"), "{\"type\":\"/problems/idempotency-key-in-use\","
                        + "\"title\":\"In use\",\"status\":409}")
                .answer(200, Map.of(), RENDER);

        StepVerifier.withVirtualTime(() -> client(4, Duration.ofMinutes(1))
                        .submit(RenderRequest.of(LiveGateway.movie("x")).withIdempotencyKey("order-17")))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(transport.calls).extracting(call -> call.headers().get("Idempotency-Key"))
                .containsExactly("order-17", "order-17");
    }

    @Test
    void aSubmitWhoseConnectionDroppedIsSentAgainAfterABackoffUnderTheSameKey() {
        transport.dropConnection().dropConnection().answer(200, Map.of(), RENDER);

        RenderGatewayClient client = client(4, Duration.ofMinutes(1));

        StepVerifier.withVirtualTime(() -> client.submit(RenderRequest.of(LiveGateway.movie("x"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(250 + 500).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(transport.calls).hasSize(3).extracting(call -> call.headers().get("Idempotency-Key"))
                .containsOnly(transport.calls.get(0).headers().get("Idempotency-Key"));
    }

    @Test
    void afterMaxAttemptsTheLastRefusalIsTheErrorWithItsProblem() {
        transport.answer(429, Map.of("retry-after", "1"), BUSY).answer(429, Map.of("retry-after", "1"), BUSY);

        StepVerifier.withVirtualTime(() -> client(2, Duration.ofMinutes(1)).get("r_1"))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(RenderGatewayException.class);
                    RenderGatewayException refused = (RenderGatewayException) error;
                    assertThat(refused.problem().type()).isEqualTo("/problems/too-many");
                    assertThat(refused.problem().detail()).isEqualTo("queue full");
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
                })
                .verify(Duration.ofSeconds(5));
        assertThat(transport.calls).hasSize(2);
    }

    @Test
    void aRetryAfterBeyondTheRemainingWaitIsNotWaitedForAtAll() {
        transport.answer(429, Map.of("retry-after", "3600"), BUSY);

        StepVerifier.withVirtualTime(() -> client(10, Duration.ofSeconds(60)).get("r_1"))
                .expectSubscription()
                .expectError(RenderGatewayException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(transport.calls).hasSize(1);
    }

    @Test
    void aValidationProblemIsNotRetriedAndKeepsItsExtraMembers() {
        transport.answer(422, Map.of("content-type", "application/problem+json"),
                "{\"type\":\"/problems/validation\",\"title\":\"Invalid request\",\"status\":422,"
                        + "\"detail\":\"movie.scenes: must be a non-empty array\","
                        + "\"errors\":[{\"field\":\"movie.scenes\",\"message\":\"must be a non-empty array\"}]}");

        StepVerifier.create(client(4, Duration.ofMinutes(1)).submit(RenderRequest.of(LiveGateway.json("{}"))))
                .expectErrorSatisfies(error -> {
                    Problem problem = ((RenderGatewayException) error).problem();
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.title()).isEqualTo("Invalid request");
                    assertThat(problem.member("errors").orElseThrow().get(0).get("field").asText())
                            .isEqualTo("movie.scenes");
                    assertThat(error).hasMessage("422 Invalid request: movie.scenes: must be a non-empty array");
                })
                .verify(Duration.ofSeconds(5));
        assertThat(transport.calls).hasSize(1);
    }

    @Test
    void anAnswerThatIsNotAProblemStillBecomesOneFromItsStatus() {
        transport.answer(502, Map.of("content-type", "text/html"), "<html>Bad Gateway</html>");

        StepVerifier.create(client(1, Duration.ZERO).get("r_1"))
                .expectErrorSatisfies(error -> assertThat(((RenderGatewayException) error).problem())
                        .extracting(Problem::status, Problem::title, Problem::detail)
                        .containsExactly(502, "HTTP 502", "<html>Bad Gateway</html>"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void eachSubmitCallHasAKeyOfItsOwn() {
        transport.answer(202, Map.of(), RENDER).answer(202, Map.of(), RENDER);
        RenderGatewayClient client = client(1, Duration.ZERO);

        client.submit(RenderRequest.of(LiveGateway.movie("a"))).block(Duration.ofSeconds(5));
        client.submit(RenderRequest.of(LiveGateway.movie("a"))).block(Duration.ofSeconds(5));

        assertThat(transport.calls.get(0).headers().get("Idempotency-Key"))
                .isNotEqualTo(transport.calls.get(1).headers().get("Idempotency-Key"));
    }
}
