package dev.rendergateway.server.http;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.function.Consumer;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/** RFC 9110 on every route: 405 with Allow, HEAD wherever GET, bodies read only as the type they declare. */
class HttpSemanticsTest {

    private static TestGateway env;
    private static GatewayClient client;
    private static String renderId;

    @BeforeAll
    static void start() {
        env = TestGateway.start();
        client = env.client();
        renderId = client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).json().path("id").asText();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @ParameterizedTest(name = "{0} {1} → 405, Allow: {2}")
    @CsvSource(delimiter = '|', value = {
        "PUT    | /v1/renders/r_1    | GET, HEAD, DELETE, OPTIONS",
        "PATCH  | /v2/movies         | POST, GET, HEAD, OPTIONS",
        "DELETE | /health/ready      | GET, HEAD, OPTIONS",
        "PUT    | /v1/renders        | POST, GET, HEAD, OPTIONS",
        "GET    | /v1/webhook-secret/rotate | POST, OPTIONS"})
    void aKnownPathWithAnotherMethodIs405ListingWhatItAllows(String method, String path, String allow) {
        Reply reply = client.exchange(HttpMethod.valueOf(method), path, GatewayClient.bearer(ACME_KEY), null);

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header(HttpHeaderNames.ALLOW)).isEqualTo(allow);
        assertThat(reply.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(405);
        assertThat(reply.json().path("detail").asText()).contains(method).contains(allow);
    }

    @Test
    void anUnknownPathStays404() {
        Reply reply = client.exchange(HttpMethod.PUT, "/v1/nothing-here", GatewayClient.bearer(ACME_KEY), null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header(HttpHeaderNames.ALLOW)).isNull();
    }

    @Test
    void headAnswersEveryGetRouteWithItsStatusAndHeadersButNoBody() {
        for (String route : env.gateway().routes()) {
            if (!route.startsWith("GET ") || route.endsWith("/events")) {
                continue;
            }
            String path = route.substring(4).replace("{id}", renderId);
            Reply get = client.get(path, ACME_KEY);
            Reply head = client.exchange(HttpMethod.HEAD, path, GatewayClient.bearer(ACME_KEY), null);

            assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
            assertThat(head.header(HttpHeaderNames.CONTENT_TYPE)).as("HEAD %s", path)
                    .isEqualTo(get.header(HttpHeaderNames.CONTENT_TYPE));
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/events", "/v1/renders/{id}/events"})
    void headOnAnEventStreamAnswersItsHeadersAndEnds(String template) {
        Reply head = client.exchange(HttpMethod.HEAD, template.replace("{id}", renderId),
                GatewayClient.bearer(ACME_KEY), null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(head.body()).isEmpty();
        assertThat(env.gateway().streamStats().openStreams()).isZero();
    }

    @ParameterizedTest(name = "Content-Type: {0} → 415")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
        "multipart/form-data; boundary=x"})
    void aRenderBodyDeclaredAsAnotherTypeIs415NamingTheAcceptedOnesAndCreatesNothing(String type) {
        int before = client.get("/v1/renders", ACME_KEY).json().path("items").size();

        Reply reply = post("/v1/renders", type, Bodies.render(Movies.hello()));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(reply.header("Accept-Post")).isEqualTo("application/json");
        assertThat(reply.json().path("detail").asText()).contains(type).contains("application/json");
        assertThat(client.get("/v1/renders", ACME_KEY).json().path("items").size()).isEqualTo(before);
    }

    @ParameterizedTest(name = "Content-Type: {0} → accepted")
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "application/vnd.acme+json", ""})
    void aRenderBodyAsJsonOrWithoutATypeIsAccepted(String type) {
        assertThat(post("/v1/renders", type, Bodies.render(Movies.hello())).status()).isEqualTo(202);
    }

    @Test
    void theOtherJsonEndpointsAndTheBatchReadOnlyTheirOwnTypes() {
        assertThat(post("/v1/tokens", "text/plain", "{}").status()).isEqualTo(415);
        assertThat(postCompat("text/plain").status()).isEqualTo(415);
        Reply batch = post("/v1/renders/batch", "text/plain", Bodies.render(Movies.hello()) + "\n");
        assertThat(batch.status()).isEqualTo(415);
        assertThat(batch.header("Accept-Post")).isEqualTo("application/x-ndjson, application/jsonl, application/json");
        assertThat(post("/v1/renders/batch", "application/x-ndjson", Bodies.render(Movies.hello()) + "\n").status())
                .isEqualTo(200);
    }

    private static Reply post(String path, String type, String body) {
        Consumer<HttpHeaders> headers = GatewayClient.bearer(ACME_KEY)
                .andThen(h -> {
                    if (!type.isEmpty()) {
                        h.set(HttpHeaderNames.CONTENT_TYPE, type);
                    }
                });
        return client.exchange(HttpMethod.POST, path, headers, ByteBufFlux.fromString(Mono.just(body)));
    }

    private static Reply postCompat(String type) {
        return client.exchange(HttpMethod.POST, "/v2/movies",
                h -> h.set("x-api-key", ACME_KEY).set(HttpHeaderNames.CONTENT_TYPE, type),
                ByteBufFlux.fromString(Mono.just(Movies.hello().toString())));
    }
}
