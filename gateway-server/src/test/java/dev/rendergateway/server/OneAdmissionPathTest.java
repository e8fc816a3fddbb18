package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * {@code POST /v1/renders}, each line of {@code POST /v1/renders/batch} and {@code POST /v2/movies} go through one
 * admission path: an idempotency key is honoured alike on all three, so a retried request never pays twice.
 */
class OneAdmissionPathTest {

    private static final String HELLO = Movies.hello().toString();
    private static final String OTHER = Movies.withDirective("other").toString();

    private final TestGateway gateway = TestGateway.start();
    private final GatewayClient client = gateway.client();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void theSameIdempotencyKeyOnV2MoviesSentTwiceCreatesOneRenderAndTheUpstreamSeesOnePost() {
        Reply first = postMovie("sdk-retry-1", HELLO);
        Reply retry = postMovie("sdk-retry-1", HELLO);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("success").asBoolean()).isTrue();
        String project = first.json().path("project").asText();
        assertThat(retry.json().path("project").asText()).isEqualTo(project);
        client.awaitEvent("/v1/renders/" + project + "/events", ACME_KEY, event -> event.status().equals("done"));
        assertThat(client.get("/v1/renders", ACME_KEY).json().get("items")).hasSize(1);
        assertThat(gateway.sandbox().counters().posts()).isEqualTo(1);
    }

    @Test
    void theSameKeyOnV2MoviesWithAnotherMovieIsRefusedWith422AndCreatesNothing() {
        postMovie("sdk-retry-1", HELLO);

        Reply reused = postMovie("sdk-retry-1", OTHER);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(reused.json().path("type").asText()).endsWith("idempotency-key-reused");
        assertThat(reused.json().path("success").asBoolean(true)).isFalse();
        assertThat(reused.json().path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(client.get("/v1/renders", ACME_KEY).json().get("items")).hasSize(1);
    }

    @Test
    void batchLinesWithTheSameKeyReplayWithinOneBatchAndAcrossBatches() {
        List<JsonNode> firstBatch = batch(line("line-a", HELLO), line("line-b", OTHER), line("line-a", HELLO));
        List<JsonNode> secondBatch = batch(line("line-b", OTHER), line(null, HELLO));

        String a = renderId(firstBatch.get(0));
        String b = renderId(firstBatch.get(1));
        assertThat(a).isNotEqualTo(b);
        assertThat(firstBatch.get(0).has("replayed")).isFalse();
        assertThat(renderId(firstBatch.get(2))).as("replayed within the batch").isEqualTo(a);
        assertThat(firstBatch.get(2).path("replayed").asBoolean()).isTrue();
        assertThat(renderId(secondBatch.get(0))).as("replayed across batches").isEqualTo(b);
        assertThat(renderId(secondBatch.get(1))).as("a line without a key is a new render").isNotIn(a, b);
        client.awaitEvent("/v1/renders/" + a + "/events", ACME_KEY, event -> event.status().equals("done"));
        client.awaitEvent("/v1/renders/" + b + "/events", ACME_KEY, event -> event.status().equals("done"));
        assertThat(client.get("/v1/renders", ACME_KEY).json().get("items")).hasSize(3);
    }

    @Test
    void aBatchLineReusingAKeyForAnotherBodyOrWithAMalformedKeyFailsAloneWithItsProblem() {
        List<JsonNode> answers = batch(line("line-a", HELLO), line("line-a", OTHER),
                "{\"idempotencyKey\":17,\"movie\":" + HELLO + "}", line(null, OTHER));

        assertThat(answers).extracting(answer -> answer.path("line").asInt()).containsExactly(1, 2, 3, 4);
        JsonNode reused = answers.get(1).path("problem");
        assertThat(reused.path("status").asInt()).isEqualTo(422);
        assertThat(reused.path("type").asText()).endsWith("idempotency-key-reused");
        assertThat(reused.path("errors").get(0).path("field").asText()).isEqualTo("idempotencyKey");
        JsonNode malformed = answers.get(2).path("problem");
        assertThat(malformed.path("status").asInt()).isEqualTo(422);
        assertThat(malformed.path("errors").get(0).path("field").asText()).isEqualTo("idempotencyKey");
        assertThat(answers.get(3).has("render")).isTrue();
        assertThat(client.get("/v1/renders", ACME_KEY).json().get("items")).hasSize(2);
    }

    @Test
    void aKeyIsOneRequestWhicheverEndpointCarriesIt() {
        Reply viaV1 = client.exchange(HttpMethod.POST, "/v1/renders", GatewayClient.bearer(ACME_KEY)
                        .andThen(headers -> headers.set("Idempotency-Key", "order-17")
                                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")),
                ByteBufFlux.fromString(Mono.just("{\"movie\":" + HELLO + "}")));
        Reply viaV2 = postMovie("order-17", HELLO);
        List<JsonNode> viaBatch = batch(line("order-17", HELLO));

        assertThat(viaV1.status()).isEqualTo(202);
        String id = viaV1.json().path("id").asText();
        assertThat(viaV2.json().path("project").asText()).isEqualTo(id);
        assertThat(renderId(viaBatch.get(0))).isEqualTo(id);
    }

    private Reply postMovie(String idempotencyKey, String movie) {
        return client.exchange(HttpMethod.POST, "/v2/movies", headers -> headers
                        .set("x-api-key", ACME_KEY)
                        .set("Idempotency-Key", idempotencyKey)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json"),
                ByteBufFlux.fromString(Mono.just(movie)));
    }

    private List<JsonNode> batch(String... lines) {
        Reply reply = client.post("/v1/renders/batch", ACME_KEY, String.join("\n", lines) + "\n");
        assertThat(reply.status()).isEqualTo(200);
        return Arrays.stream(reply.body().split("\n")).filter(text -> !text.isBlank())
                .map(text -> new Reply(200, reply.headers(), text).json())
                .toList();
    }

    private static String line(String idempotencyKey, String movie) {
        return idempotencyKey == null
                ? "{\"movie\":" + movie + "}"
                : "{\"idempotencyKey\":\"" + idempotencyKey + "\",\"movie\":" + movie + "}";
    }

    private static String renderId(JsonNode answer) {
        assertThat(answer.has("render")).as("a render in %s", answer).isTrue();
        return answer.path("render").path("id").asText();
    }
}
