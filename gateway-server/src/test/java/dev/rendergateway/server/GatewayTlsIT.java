package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestCertificate;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * With {@code GATEWAY_TLS_CERT} and {@code GATEWAY_TLS_KEY}, the listener speaks HTTPS (HTTP/1.1) with that
 * certificate, and only HTTPS; a file it cannot use stops the start with one line naming its variable.
 */
class GatewayTlsIT {

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredCertificateToAClientThatTrustsIt() throws SSLException {
        TestCertificate certificate = TestCertificate.generate(dir);
        try (TestGateway env = TestGateway.start(tls(certificate.cert(), certificate.key()))) {
            HttpClient https = trusting(certificate, env.port());

            Reply ready = exchange(https, HttpMethod.GET, "/health/ready", null);
            Reply posted = exchange(https, HttpMethod.POST, "/v2/movies", Movies.hello().toString());

            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body()).contains("HTTP/1.1");
            assertThat(posted.status()).as("%s", posted).isEqualTo(200);
            assertThat(posted.json().path("success").asBoolean()).isTrue();
        }
    }

    @Test
    void refusesPlainHttpOnTheTlsPort() {
        TestCertificate certificate = TestCertificate.generate(dir);
        try (TestGateway env = TestGateway.start(tls(certificate.cert(), certificate.key()))) {
            GatewayClient plain = new GatewayClient(env.port());

            assertThatThrownBy(() -> plain.get("/health/ready", null)).isNotNull();
        }
    }

    @Test
    void aMissingCertificateFileStopsTheStartWithOneLineNamingGatewayTlsCert() {
        TestCertificate certificate = TestCertificate.generate(dir);

        assertRefusedStart(tls(dir.resolve("missing.pem"), certificate.key()), "GATEWAY_TLS_CERT=", "cannot be read");
    }

    @Test
    void aFileWithoutACertificateStopsTheStartNamingGatewayTlsCert() {
        TestCertificate certificate = TestCertificate.generate(dir);

        assertRefusedStart(tls(certificate.key(), certificate.key()), "GATEWAY_TLS_CERT=", "certificate");
    }

    @Test
    void aFileWithoutAPrivateKeyStopsTheStartNamingGatewayTlsKey() throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n", StandardCharsets.US_ASCII);

        assertRefusedStart(tls(certificate.cert(), certificate.cert()), "GATEWAY_TLS_KEY=", "PKCS#8");
        assertRefusedStart(tls(certificate.cert(), garbage), "GATEWAY_TLS_KEY=", "PKCS#8");
        assertRefusedStart(tls(certificate.cert(), dir.resolve("absent.pem")), "GATEWAY_TLS_KEY=", "cannot be read");
    }

    @Test
    void aPkcs1RsaKeyStopsTheStartSayingHowToConvertIt() {
        // Netty's SslContextBuilder reads only PKCS#8 keys unless BouncyCastle's PKIX is on the class path.
        TestCertificate certificate = TestCertificate.generate(dir);

        assertRefusedStart(tls(certificate.cert(), certificate.pkcs1Key()), "GATEWAY_TLS_KEY=", "openssl pkcs8");
    }

    private static void assertRefusedStart(Map<String, String> tls, String prefix, String mention) {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("GATEWAY_PORT", "0",
                "GATEWAY_API_KEYS", "acme:" + ACME_KEY,
                "JSON2VIDEO_BASE_URL", "http://127.0.0.1:9", "JSON2VIDEO_API_KEY", "never-used",
                "GATEWAY_TLS_CERT", tls.get("GATEWAY_TLS_CERT"), "GATEWAY_TLS_KEY", tls.get("GATEWAY_TLS_KEY")));

        assertThatThrownBy(() -> RenderGateway.start(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(prefix)
                .hasMessageContaining(mention)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static Map<String, String> tls(Path cert, Path key) {
        return Map.of("GATEWAY_TLS_CERT", cert.toString(), "GATEWAY_TLS_KEY", key.toString());
    }

    private static HttpClient trusting(TestCertificate certificate, int port) throws SSLException {
        SslContext context = SslContextBuilder.forClient().trustManager(certificate.cert().toFile()).build();
        return HttpClient.newConnection()
                .baseUrl("https://localhost:" + port)
                .secure(spec -> spec.sslContext(context))
                .headers(headers -> headers.set("x-api-key", ACME_KEY).set("content-type", "application/json"));
    }

    /** One request; the body's text is prefixed by the answer's HTTP version, to check what was spoken. */
    private static Reply exchange(HttpClient https, HttpMethod method, String path, String body) {
        HttpClient.RequestSender request = https.request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? request
                : request.send(ByteBufFlux.fromString(Mono.just(body)));
        return receiver.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(),
                                response.version() == HttpVersion.HTTP_1_1 && path.startsWith("/health")
                                        ? "HTTP/1.1 " + text : text)))
                .block(GatewayClient.REQUEST_TIMEOUT);
    }
}
