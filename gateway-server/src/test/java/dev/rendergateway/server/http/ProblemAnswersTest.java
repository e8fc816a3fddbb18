package dev.rendergateway.server.http;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * Every refusal of the gateway is an RFC 9457 problem ({@code application/problem+json} with type, title,
 * status and detail) with the status a client can act on, and nothing refused reaches the upstream.
 */
class ProblemAnswersTest {

    private static final int MAX_BODY = 2048;

    private TestGateway env;
    private GatewayClient client;

    @BeforeEach
    void start() {
        env = TestGateway.start(Map.of("GATEWAY_MAX_BODY", "2KiB"));
        client = env.client();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void answersAMissingAuthorizationWith401AndABearerChallenge() {
        Reply reply = client.post("/v1/renders", null, Bodies.render(Movies.hello()));

        assertProblem(reply, 401);
        assertThat(reply.header(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @Test
    void answersAnUnknownKeyWith401() {
        Reply reply = client.post("/v1/renders", "not-a-known-key", Bodies.render(Movies.hello()));

        assertProblem(reply, 401);
        assertThat(reply.header(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(reply.body()).doesNotContain("not-a-known-key");
    }

    @Test
    void answersAnotherAuthorizationSchemeWith401() {
        Reply reply = client.exchange(HttpMethod.GET, "/v1/renders",
                headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Basic " + ACME_KEY), null);

        assertProblem(reply, 401);
    }

    static List<String> notOneJsonValue() {
        String valid = Bodies.render(Movies.hello());
        return List.of("{\"movie\": ", "movie", "", "   ", valid + " trailing", valid + "\n" + valid);
    }

    @ParameterizedTest
    @MethodSource("notOneJsonValue")
    void answersABodyThatIsNotOneJsonValueWith400(String body) {
        Reply reply = client.post("/v1/renders", ACME_KEY, body);

        assertProblem(reply, 400);
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"resolution\": \"hd\"}", "{\"scenes\": []}", "{\"scenes\": {}}",
            "{\"scenes\": null}"})
    void answersAMovieWithoutScenesWith422NamingTheField(String movie) {
        Reply reply = client.post("/v1/renders", ACME_KEY, "{\"movie\": " + movie + "}");

        assertProblem(reply, 422);
        assertThat(reply.json().path("errors")).isNotEmpty();
        assertThat(reply.json().path("errors").findValuesAsText("field")).containsExactly("movie.scenes");
        assertThat(reply.json().path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @Test
    void listsEveryInvalidFieldAtOnce() {
        Reply reply = client.post("/v1/renders", ACME_KEY,
                "{\"metadata\": 3, \"webhook\": \"ftp://example.com\", \"colour\": \"red\"}");

        assertProblem(reply, 422);
        assertThat(reply.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("movie", "metadata", "webhook", "colour");
    }

    @Test
    void answersABodyOverTheLimitWith413() {
        String body = oversizedBody();

        Reply reply = client.exchange(HttpMethod.POST, "/v1/renders",
                GatewayClient.bearer(ACME_KEY).andThen(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length()))),
                ByteBufFlux.fromString(Mono.just(body)));

        assertProblem(reply, 413);
        assertThat(reply.json().path("detail").asText()).contains(Integer.toString(MAX_BODY));
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @Test
    void answersAChunkedBodyOverTheLimitWith413() {
        List<String> chunks = new ArrayList<>();
        String body = oversizedBody();
        for (int i = 0; i < body.length(); i += 256) {
            chunks.add(body.substring(i, Math.min(body.length(), i + 256)));
        }

        Reply reply = client.exchange(HttpMethod.POST, "/v1/renders",
                GatewayClient.bearer(ACME_KEY).andThen(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")),
                ByteBufFlux.fromString(Flux.fromIterable(chunks)));

        assertThat(client.lastRequestHeaders().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(client.lastRequestHeaders().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        assertProblem(reply, 413);
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        String empty = Bodies.render(Movies.hello().put("comment", ""));
        String exact = Bodies.render(Movies.hello().put("comment", "x".repeat(MAX_BODY - empty.length())));

        Reply reply = client.post("/v1/renders", ACME_KEY, exact);

        assertThat(exact.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(MAX_BODY);
        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void answersAnUnknownRenderWith404() {
        assertProblem(client.get("/v1/renders/r_unknown", ACME_KEY), 404);
        assertProblem(client.get("/v1/renders/r_unknown/events", ACME_KEY), 404);
        assertProblem(client.delete("/v1/renders/r_unknown", ACME_KEY), 404);
    }

    @Test
    void hidesAnotherTenantsRenderBehind404() {
        String id = created(ACME_KEY);

        Reply read = client.get("/v1/renders/" + id, ZETA_KEY);
        Reply stream = client.get("/v1/renders/" + id + "/events", ZETA_KEY);
        Reply cancel = client.delete("/v1/renders/" + id, ZETA_KEY);

        assertProblem(read, 404);
        assertProblem(stream, 404);
        assertProblem(cancel, 404);
        Reply unknown = client.get("/v1/renders/r_unknown", ZETA_KEY);
        assertThat(read.json().path("title")).isEqualTo(unknown.json().path("title"));
        assertThat(client.get("/v1/renders/" + id, ACME_KEY).status()).isEqualTo(200);
        assertThat(client.get("/v1/renders/" + id, ACME_KEY).json().path("status").asText())
                .isNotEqualTo("cancelled");
    }

    @Test
    void answersAnUnknownPathWith404Problem() {
        assertProblem(client.get("/v1/nothing-here", ACME_KEY), 404);
        assertProblem(client.get("/favicon.ico", null), 404);
    }

    @Test
    void answersDeleteOfASubmittedRenderWith409AndLetsItFinish() {
        String id = created(ACME_KEY);
        SseEvent running = client.awaitEvent("/v1/renders/" + id + "/events", ACME_KEY,
                event -> "running".equals(event.status()));
        assertThat(running).isNotNull();

        Reply reply = client.delete("/v1/renders/" + id, ACME_KEY);

        assertProblem(reply, 409);
        assertThat(client.events("/v1/renders/" + id + "/events", ACME_KEY).last().status()).isEqualTo("done");
        assertThat(env.sandbox().counters().posts()).isEqualTo(1);
    }

    @Test
    void listsOnlyTheCallersRenders() {
        String first = created(ACME_KEY);
        String second = created(ACME_KEY);
        String theirs = created(ZETA_KEY);

        JsonNode acme = client.get("/v1/renders", ACME_KEY).json();
        JsonNode zeta = client.get("/v1/renders", ZETA_KEY).json();

        assertThat(acme.path("items").findValuesAsText("id")).containsExactlyInAnyOrder(first, second);
        assertThat(zeta.path("items").findValuesAsText("id")).containsExactly(theirs);
        assertThat(acme.path("next").isNull()).isTrue();
    }

    @Test
    void pagesThroughTheCallersRendersWithACursor() {
        String first = created(ACME_KEY);
        String second = created(ACME_KEY);
        created(ZETA_KEY);

        JsonNode page1 = client.get("/v1/renders?limit=1", ACME_KEY).json();
        JsonNode page2 = client.get("/v1/renders?limit=1&cursor=" + page1.path("next").asText(), ACME_KEY).json();

        assertThat(page1.path("items")).hasSize(1);
        assertThat(page1.path("next").isTextual()).isTrue();
        assertThat(page2.path("items")).hasSize(1);
        assertThat(List.of(page1.path("items").get(0).path("id").asText(),
                page2.path("items").get(0).path("id").asText())).containsExactlyInAnyOrder(first, second);
        assertThat(page2.path("next").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=finished", "limit=0", "limit=101", "limit=many"})
    void answersAnInvalidListQueryWith422(String query) {
        Reply reply = client.get("/v1/renders?" + query, ACME_KEY);

        assertProblem(reply, 422);
        assertThat(reply.json().path("errors").findValuesAsText("field"))
                .containsExactly(query.substring(0, query.indexOf('=')));
    }

    private String created(String key) {
        Reply reply = client.post("/v1/renders", key, Bodies.render(Movies.hello()));
        assertThat(reply.status()).as("%s", reply).isEqualTo(202);
        return reply.json().path("id").asText();
    }

    private static String oversizedBody() {
        String body = Bodies.render(Movies.hello().put("comment", "x".repeat(3 * MAX_BODY)));
        assertThat(body.length()).isGreaterThan(MAX_BODY);
        return body;
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.header(HttpHeaderNames.CONTENT_TYPE)).as("content type of %s", reply)
                .startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").isTextual()).as("type of %s", reply).isTrue();
        assertThat(problem.path("type").asText()).isNotBlank();
        assertThat(problem.path("title").asText()).as("title of %s", reply).isNotBlank();
        assertThat(problem.path("status").isInt()).as("status member of %s", reply).isTrue();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as("detail of %s", reply).isNotBlank();
    }
}
