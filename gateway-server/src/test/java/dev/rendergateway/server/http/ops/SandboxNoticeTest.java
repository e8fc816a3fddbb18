package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.EventStream;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a page (or a script) learns that the gateway runs on its embedded sandbox: every answer carries
 * {@code Render-Gateway-Upstream: embedded-sandbox}; on a configured upstream the header is absent. The
 * dashboard may show the sandbox's thumbnails, which the sandbox serves as real images at its own address.
 */
class SandboxNoticeTest {

    private static final String KEY = "notice-key-0123456789";
    private static final String MOVIE = "{\"movie\":{\"comment\":\"sandbox:render-time=500ms\","
            + "\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\",\"duration\":4}]}]}}";

    @Test
    void everyAnswerOfAGatewayOnTheEmbeddedSandboxSaysSoAndItsThumbnailsLoad() throws Exception {
        try (RenderGateway gateway = RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_PORT", "0",
                "GATEWAY_POLL_INTERVAL", "100ms",
                "GATEWAY_API_KEYS", "dev:" + KEY)))) {
            GatewayClient client = new GatewayClient(gateway.port());

            Reply page = client.get("/", null);
            Reply created = client.post("/v1/renders", KEY, MOVIE);
            Reply token = client.post("/v1/tokens", KEY, "{}");
            Reply list = client.get("/v1/renders", KEY);
            Reply refused = client.get("/v1/renders", "wrong-key");
            Reply health = client.get("/health/live", null);
            String id = created.json().path("id").asText();
            EventStream events = client.events("/v1/renders/" + id + "/events", KEY);

            for (Reply reply : new Reply[] {page, created, token, list, refused, health}) {
                assertThat(reply.header("Render-Gateway-Upstream")).as(reply.toString()).isEqualTo("embedded-sandbox");
            }
            assertThat(refused.status()).isEqualTo(401);
            JsonNode done = client.get("/v1/renders/" + id, KEY).json();
            assertThat(events.events()).last().satisfies(last -> assertThat(last.status()).isEqualTo("done"));
            String thumbnail = done.path("thumbnail").asText();
            URI origin = URI.create(thumbnail).resolve("/");
            String sandboxOrigin = origin.toString().substring(0, origin.toString().length() - 1);
            assertThat(page.header("Content-Security-Policy"))
                    .contains("img-src 'self' data: https: " + sandboxOrigin + ";");
            HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(thumbnail))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(image.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        }
    }

    @Test
    void aGatewayOnAConfiguredUpstreamSendsNoNotice() {
        try (TestGateway env = TestGateway.start()) {
            Reply page = env.client().get("/", null);
            Reply list = env.client().get("/v1/renders", TestGateway.ACME_KEY);

            assertThat(page.header("Render-Gateway-Upstream")).isNull();
            assertThat(list.header("Render-Gateway-Upstream")).isNull();
            assertThat(page.header("Content-Security-Policy")).contains("img-src 'self' data: https:;");
        }
    }
}
