package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The dashboard's files: served from memory with their content types, an ETag, and a strict policy. */
class DashboardAssetsTest {

    @Test
    void servesThePageAndItsScriptsWithTheirContentTypesAndRevalidation() {
        try (TestGateway env = TestGateway.start()) {
            GatewayClient client = env.client();

            Reply page = client.get("/", null);
            Reply library = client.get("/render-progress.js", null);
            Reply style = client.get("/style.css", null);
            Reply again = client.exchange(HttpMethod.GET, "/render-progress.js",
                    headers -> headers.set("If-None-Match", library.header("ETag")), null);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.body()).contains("id=\"renders\"", "/app.js");
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
            assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(library.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(library.body()).contains("export function followRenders");
            assertThat(style.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
            assertThat(again.status()).isEqualTo(304);
            assertThat(client.get("/nothing-here.js", null).status()).isEqualTo(404);
        }
    }
}
