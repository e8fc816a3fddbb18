package dev.rendergateway.server.cluster;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.idempotency.IdempotencyClaim;
import dev.rendergateway.core.idempotency.RequestFingerprint;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.idempotency.RedisIdempotencyKeys;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * The admission path with its state in a real redis-server: a key another instance is still accepting answers
 * 409 with {@code Retry-After} on every entry point, a retried {@code /v2/movies} replays, and credits are
 * summed in Redis.
 */
class AdmissionOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final ObjectMapper MAPPER = GatewayObjectMapper.create();

    private final TestGateway gateway = TestGateway.start(Map.of(
            "GATEWAY_REDIS_URL", redis.process().url().toString(),
            "GATEWAY_CREDIT_QUOTAS", "acme:100"));
    private final GatewayClient client = gateway.client();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aKeyAnotherInstanceIsStillAcceptingAnswers409WithRetryAfterOnEveryEntryPoint() {
        ObjectNode request = MAPPER.createObjectNode();
        request.set("movie", Movies.hello());
        try (RedisConnection otherInstance = redis.connect()) {
            IdempotencyClaim claim = new RedisIdempotencyKeys(otherInstance, Duration.ofHours(1))
                    .begin("acme", "order-1", new RequestFingerprint(MAPPER).of(request)).block();
            assertThat(claim.outcome()).isEqualTo(IdempotencyClaim.Outcome.RESERVED);
        }

        Reply v1 = post("/v1/renders", headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ACME_KEY)
                .set("Idempotency-Key", "order-1"), request.toString());
        Reply v2 = post("/v2/movies", headers -> headers.set("x-api-key", ACME_KEY).set("Idempotency-Key", "order-1"),
                Movies.hello().toString());
        JsonNode line = client.post("/v1/renders/batch", ACME_KEY,
                "{\"idempotencyKey\":\"order-1\",\"movie\":" + Movies.hello() + "}\n").json().path("problem");

        for (Reply inUse : new Reply[] {v1, v2}) {
            assertThat(inUse.status()).isEqualTo(409);
            assertThat(inUse.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
            assertThat(inUse.json().path("type").asText()).endsWith("idempotency-key-in-use");
            assertThat(inUse.header(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        }
        assertThat(line.path("status").asInt()).isEqualTo(409);
        assertThat(line.path("retryAfter").asLong()).isEqualTo(1);
        assertThat(client.get("/v1/renders", ACME_KEY).json().get("items")).isEmpty();
        assertThat(gateway.sandbox().counters().posts()).isZero();
    }

    @Test
    void aRetriedV2MovieReplaysAndItsCreditsAreSummedInRedis() {
        Reply first = post("/v2/movies", headers -> headers.set("x-api-key", ACME_KEY).set("Idempotency-Key", "k-1"),
                Movies.hello().toString());
        Reply retry = post("/v2/movies", headers -> headers.set("x-api-key", ACME_KEY).set("Idempotency-Key", "k-1"),
                Movies.hello().toString());
        String project = first.json().path("project").asText();
        client.awaitEvent("/v1/renders/" + project + "/events", ACME_KEY, event -> event.status().equals("done"));

        JsonNode usage = client.awaitJson("/v1/usage", ACME_KEY,
                body -> body.path("renders").path("done").asLong() == 1, 100, Duration.ofSeconds(5));

        assertThat(retry.json().path("project").asText()).isEqualTo(project);
        assertThat(gateway.sandbox().counters().posts()).isEqualTo(1);
        assertThat(usage.path("creditsConsumed").asDouble()).isEqualTo(5.0);
        assertThat(usage.path("creditsLimit").asDouble()).isEqualTo(100.0);
        try (RedisConnection direct = redis.connect()) {
            assertThat(direct.commands().hget(direct.keys().usage("acme", usage.path("period").asText()), "credits")
                    .block()).isEqualTo("5");
        }
    }

    private Reply post(String path, Consumer<HttpHeaders> headers, String body) {
        return client.exchange(HttpMethod.POST, path,
                headers.andThen(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")),
                ByteBufFlux.fromString(Mono.just(body)));
    }
}
