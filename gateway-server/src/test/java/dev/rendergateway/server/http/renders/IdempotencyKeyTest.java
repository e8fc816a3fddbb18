package dev.rendergateway.server.http.renders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@code Idempotency-Key} on {@code POST /v1/renders}: a retried request never pays twice. */
class IdempotencyKeyTest {

    private static final String MOVIE = "{\"movie\":{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}}";
    private static final String OTHER_MOVIE = "{\"movie\":{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Bye\"}]}]}}";

    private final TestGateway gateway = TestGateway.start();
    private final GatewayClient client = gateway.client();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstRenderAndNoSecondUpstreamRender() {
        Reply first = post(TestGateway.ACME_KEY, "\"order-17\"", MOVIE);
        Reply retry = post(TestGateway.ACME_KEY, "\"order-17\"", MOVIE);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        String id = first.json().get("id").asText();
        client.awaitEvent("/v1/renders/" + id + "/events", TestGateway.ACME_KEY,
                event -> event.status().equals("done"));
        assertThat(gateway.sandbox().counters().posts()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422() {
        post(TestGateway.ACME_KEY, "order-17", MOVIE);

        Reply reused = post(TestGateway.ACME_KEY, "order-17", OTHER_MOVIE);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reused.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void keysBelongToOneTenant() {
        Reply acme = post(TestGateway.ACME_KEY, "order-17", MOVIE);
        Reply zeta = post(TestGateway.ZETA_KEY, "order-17", MOVIE);

        assertThat(zeta.status()).isEqualTo(202);
        assertThat(zeta.json().get("id").asText()).isNotEqualTo(acme.json().get("id").asText());
    }

    @Test
    void aMalformedKeyIsRefusedWith400AndCreatesNothing() {
        Reply tooLong = post(TestGateway.ACME_KEY, "k".repeat(256), MOVIE);
        Reply empty = post(TestGateway.ACME_KEY, "\"\"", MOVIE);

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).contains("Idempotency-Key");
        assertThat(client.get("/v1/renders", TestGateway.ACME_KEY).json().get("items")).isEmpty();
    }

    @Test
    void anInvalidBodyDoesNotUseUpTheKey() {
        Reply invalid = post(TestGateway.ACME_KEY, "order-17", "{\"movie\":{\"scenes\":[]}}");
        Reply valid = post(TestGateway.ACME_KEY, "order-17", MOVIE);

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(valid.status()).isEqualTo(202);
    }

    private Reply post(String tenantKey, String idempotencyKey, String json) {
        Consumer<HttpHeaders> headers = GatewayClient.bearer(tenantKey)
                .andThen(h -> h.set("Idempotency-Key", idempotencyKey).set("Content-Type", "application/json"));
        Mono<ByteBuf> body = Mono.fromSupplier(() -> Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        return client.exchange(HttpMethod.POST, "/v1/renders", headers, body);
    }
}
