package dev.rendergateway.server.http.tokens;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.tokens.AccessTokens;
import dev.rendergateway.server.http.tokens.IssuedToken;
import dev.rendergateway.server.http.tokens.StreamViewer;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.EventStream;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/tokens} and {@code ?access_token=}: short-lived, read-only, tenant-scoped tokens for
 * EventSource, refused (401 problem) when expired or forged, and never written to the logs.
 */
class AccessTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private TestGateway env;
    private GatewayClient client;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() {
        env = TestGateway.start();
        client = env.client();
        logs.start();
        rootLogger().addAppender(logs);
        gatewayLogger().setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void stop() {
        rootLogger().detachAppender(logs);
        gatewayLogger().setLevel(null);
        env.close();
    }

    @Test
    void opensTheTenantsEventStreamsWithATokenInTheQueryAndNeverLogsIt() {
        String id = submit(ACME_KEY);
        JsonNode issued = client.post("/v1/tokens", ACME_KEY, "{\"ttl\": \"2m\"}").json();
        String token = issued.path("token").asText();

        EventStream stream = client.events("/v1/renders/" + id + "/events?access_token=" + token, null);
        Reply forged = client.get("/v1/events?access_token=" + token.substring(0, token.length() - 3) + "abc", null);
        Reply foreign = client.get("/v1/renders/" + submit(ZETA_KEY) + "/events?access_token=" + token, null);

        assertThat(Instant.parse(issued.path("expiresAt").asText()))
                .isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.last().status()).isEqualTo("done");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void isReadOnlyAndCannotObtainAnotherToken() {
        String token = client.post("/v1/tokens", ACME_KEY, "").json().path("token").asText();

        assertThat(client.post("/v1/renders", token, Bodies.render(Movies.hello())).status()).isEqualTo(401);
        assertThat(client.post("/v1/tokens", token, "{}").status()).isEqualTo(401);
        assertThat(client.post("/v1/renders?access_token=" + token, null, Bodies.render(Movies.hello())).status())
                .isEqualTo(401);
        assertThat(client.get("/v1/renders?access_token=" + token, null).status()).isEqualTo(401);
        assertThat(env.sandbox().counters().posts()).isZero();
    }

    @Test
    void limitsATokenToTheRendersItNames() {
        String mine = submit(ACME_KEY);
        String other = submit(ACME_KEY);
        String token = client.post("/v1/tokens", ACME_KEY, "{\"renders\": [\"" + mine + "\"]}").json()
                .path("token").asText();

        EventStream allowed = client.events("/v1/renders/" + mine + "/events?access_token=" + token, null);
        Reply refused = client.get("/v1/renders/" + other + "/events?access_token=" + token, null);
        Reply refusedInMux = client.get("/v1/events?render=" + other + "&access_token=" + token, null);

        assertThat(allowed.last().status()).isEqualTo("done");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refusedInMux.status()).isEqualTo(404);
    }

    @Test
    void refusesTokenRequestsForUnknownRendersOrOutOfRangeLifetimes() {
        String foreign = submit(ZETA_KEY);

        Reply unknown = client.post("/v1/tokens", ACME_KEY, "{\"renders\": [\"" + foreign + "\"]}");
        Reply tooLong = client.post("/v1/tokens", ACME_KEY, "{\"ttl\": \"2h\"}");
        Reply notADuration = client.post("/v1/tokens", ACME_KEY, "{\"ttl\": 5, \"renders\": []}");
        Reply noKey = client.post("/v1/tokens", null, "{}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().path("errors").get(0).path("field").asText()).isEqualTo("ttl");
        assertThat(notADuration.json().path("errors")).hasSize(2);
        assertThat(noKey.status()).isEqualTo(401);
    }

    @Test
    void acceptsATokenUntilItExpiresAndNotASecondLonger() {
        MutableClock clock = MutableClock.at(NOW.toString());
        AccessTokens tokens = new AccessTokens(SECRET, clock, Set.of("acme"));
        IssuedToken issued = tokens.issue("acme", Set.of("r_1"), Duration.ofMinutes(5));

        StreamViewer viewer = tokens.verify(issued.token());
        clock.advance(Duration.ofMinutes(5));

        assertThat(viewer.tenant()).isEqualTo("acme");
        assertThat(viewer.renders()).containsExactly("r_1");
        assertThat(viewer.expiresAt()).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThatThrownBy(() -> tokens.verify(issued.token())).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(401));
    }

    @Test
    void refusesTokensSignedWithAnotherKeyOrWithoutASignature() {
        AccessTokens tokens = new AccessTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), Set.of("acme"));
        AccessTokens elsewhere = new AccessTokens("another-secret-of-32-bytes-or-more!".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC), Set.of("acme"));
        String foreign = elsewhere.issue("acme", Set.of(), Duration.ofMinutes(5)).token();
        String[] parts = tokens.issue("acme", Set.of(), Duration.ofMinutes(5)).token().split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(
                StandardCharsets.UTF_8)) + "." + parts[1] + ".";

        assertThatThrownBy(() -> tokens.verify(foreign)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> tokens.verify(unsigned)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> tokens.verify("not-a-token")).isInstanceOf(ProblemException.class);
    }

    private String submit(String key) {
        return client.post("/v1/renders", key, Bodies.render(Movies.hello())).json().path("id").asText();
    }

    private static Logger gatewayLogger() {
        return (Logger) LoggerFactory.getLogger("dev.rendergateway");
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
