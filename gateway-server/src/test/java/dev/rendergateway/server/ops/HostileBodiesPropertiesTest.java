package dev.rendergateway.server.ops;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * Whatever a client sends as a render body or as NDJSON lines, every answer is a success or a well-formed
 * problem, and nothing happens to another tenant's render.
 */
class HostileBodiesPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway env;
    private static String victimId;
    private static String victimBefore;

    @BeforeContainer
    static void startGatewayWithAFinishedRenderOfAnotherTenant() {
        // The default upstream rate: accepted renders mostly wait in the queue, which is all this spec needs.
        env = TestGateway.start(Map.of("GATEWAY_QUEUE_LIMIT", "10000",
                "GATEWAY_TENANT_QUEUE_LIMIT", "10000", "GATEWAY_MAX_BODY", "64KiB"));
        victimId = env.client().post("/v1/renders", ZETA_KEY, Bodies.render(Movies.hello())).json().path("id").asText();
        env.client().awaitEvent("/v1/renders/" + victimId + "/events", ZETA_KEY,
                event -> event.data().contains("\"status\":\"done\""));
        victimBefore = env.client().get("/v1/renders/" + victimId, ZETA_KEY).body();
    }

    @AfterContainer
    static void stop() {
        env.close();
    }

    @Property(tries = 250)
    void everyRenderBodyGetsARenderOrAProblem(@ForAll("bodies") String body) throws IOException {
        Reply reply = send(HttpMethod.POST, "/v1/renders", "application/json", body);

        if (reply.status() == 202 || reply.status() == 200) {
            assertThat(reply.json().path("id").asText()).startsWith("r_");
        } else {
            assertWellFormedProblem(reply.status(), reply.header("Content-Type"), reply.json());
        }
        assertVictimUnchanged();
    }

    @Property(tries = 120)
    void everyNdjsonLineGetsItsOwnAnswerInOrder(@ForAll("batches") List<String> lines) throws IOException {
        Reply reply = send(HttpMethod.POST, "/v1/renders/batch", "application/x-ndjson", String.join("\n", lines));

        if (reply.status() != 200) {
            assertWellFormedProblem(reply.status(), reply.header("Content-Type"), reply.json());
        } else {
            long expected = 0;
            for (String answer : reply.body().split("\n")) {
                if (answer.isEmpty()) {
                    continue;
                }
                JsonNode node = JSON.readTree(answer);
                assertThat(node.path("line").asLong()).isGreaterThan(expected);
                expected = node.path("line").asLong();
                if (node.has("problem")) {
                    JsonNode problem = node.path("problem");
                    assertWellFormedProblem(problem.path("status").asInt(), "application/problem+json", problem);
                } else {
                    assertThat(node.path("render").path("id").asText()).startsWith("r_");
                }
            }
        }
        assertVictimUnchanged();
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withCharRange((char) 0, (char) 0xFFFF).ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+truefalsn \\u").ofMaxLength(200),
                nested(),
                renderLike(),
                Arbitraries.integers().between(1, 70_000).map(n -> "{\"movie\":{\"scenes\":[{\"x\":\"" + "a".repeat(n) + "\"}]}}"),
                Arbitraries.of("", "null", "[]", "{}", "1e999999", "{\"movie\":null}", "{\"movie\":[]}",
                        "{\"movie\":{\"scenes\":[]}}", "{\"movie\":{\"scenes\":[{}]},\"webhook\":\"http://169.254.169.254/\"}",
                        "{\"movie\":{\"scenes\":[{}]},\"metadata\":\"x\"}", "{\"movie\":{\"scenes\":[{}]}}{}",
                        "{\"movie\":{\"scenes\":[{}]},\"webhook\":\"javascript:alert(1)\"}",
                        "{\"a\":" + "9".repeat(5000) + "}"));
    }

    @Provide
    Arbitrary<List<String>> batches() {
        return Arbitraries.oneOf(bodies(), Arbitraries.just(Bodies.render(Movies.hello())))
                .map(line -> line.replace("\n", " "))
                .list().ofMaxSize(8);
    }

    private static Arbitrary<String> nested() {
        return Arbitraries.integers().between(1, 3000).flatMap(depth -> Arbitraries.of("[", "{\"a\":")
                .map(open -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth)));
    }

    private static Arbitrary<String> renderLike() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> JSON.valueToTree(s).toString()),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}", "[{}]",
                        "{\"scenes\":[{\"elements\":[]}]}", "{\"scenes\":\"x\"}"));
        Arbitrary<String> keys = Arbitraries.of("movie", "metadata", "webhook", "scenes", "tenant", "id", "status");
        return Arbitraries.maps(keys, values).ofMaxSize(4).map(fields -> {
            StringBuilder json = new StringBuilder("{");
            fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return json.append('}').toString();
        });
    }

    private static Reply send(HttpMethod method, String path, String type, String body) {
        return env.client().exchange(method, path, GatewayClient.bearer(ACME_KEY)
                        .andThen(h -> h.set("Content-Type", type)),
                ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT));
    }

    private static void assertWellFormedProblem(int status, String contentType, JsonNode problem) {
        assertThat(status).isBetween(400, 599);
        assertThat(status).as("no internal error: " + problem).isNotEqualTo(500);
        assertThat(contentType).isEqualTo("application/problem+json");
        assertThat(problem.path("type").asText()).startsWith("/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private static void assertVictimUnchanged() {
        assertThat(env.client().get("/v1/renders/" + victimId, ZETA_KEY).body()).isEqualTo(victimBefore);
        assertThat(env.client().get("/v1/renders?limit=100", ZETA_KEY).json().path("items")).hasSize(1);
    }

}
