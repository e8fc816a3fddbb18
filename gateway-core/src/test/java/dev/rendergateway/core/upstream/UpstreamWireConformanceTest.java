package dev.rendergateway.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.GatewayVersion;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.RawUpstream;
import dev.rendergateway.core.testing.RawUpstream.Captured;
import dev.rendergateway.core.testing.RawUpstream.Reply;
import dev.rendergateway.core.webhooks.ReactorNettyWebhookTransport;
import dev.rendergateway.core.webhooks.TransportAnswer;
import dev.rendergateway.core.webhooks.VettedTarget;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Schedulers;

/**
 * What the gateway puts on the wire, and what it survives, proven against {@link RawUpstream}: a server on a
 * plain socket that records every byte and answers in odd but legal ways. No Reactor Netty and no sandbox on
 * the other side, so nothing here agrees with the client merely because both share code.
 */
class UpstreamWireConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = GatewayObjectMapper.create();
    private static final String KEY = "upstream-key-7f3a";
    private static final String CREATED = "{\"success\":true,\"project\":\"WAEE8PohgVwv2teP\",\"timestamp\":\"2025-05-28T14:57:34.393Z\"}";
    private static final String RUNNING =
            "{\"success\":true,\"movie\":{\"project\":\"WAEE8PohgVwv2teP\",\"status\":\"running\",\"progress\":42}}";

    private final RawUpstream upstream = RawUpstream.start();
    private ReactorNettyJson2VideoClient client = client(Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        client.dispose();
        upstream.close();
    }

    @Test
    void aSubmissionStatesItsLengthIsNeverChunkedAndNamesTheGateway() throws Exception {
        upstream.then(Reply.json(200, CREATED));

        assertThat(client.submit(Movies.hello()).block(WAIT)).isEqualTo("WAEE8PohgVwv2teP");

        Captured post = upstream.requests().get(0);
        assertThat(post.requestLine()).isEqualTo("POST /v2/movies HTTP/1.1");
        assertThat(post.header("host")).contains("127.0.0.1:" + upstream.port());
        assertThat(post.header("content-length")).contains(Integer.toString(post.body().length));
        assertThat(post.count("content-length")).isOne();
        assertThat(post.header("transfer-encoding")).isEmpty();
        assertThat(post.header("content-type")).contains("application/json");
        assertThat(post.header("accept")).contains("application/json");
        assertThat(post.header("x-api-key")).contains(KEY);
        assertThat(post.header("user-agent")).contains(GatewayVersion.userAgent());
        assertThat(MAPPER.readTree(post.body())).isEqualTo(Movies.hello());
        // Head, blank line, then exactly the announced body: nothing else travelled.
        String head = new String(post.raw(), StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
        assertThat(post.raw().length).isEqualTo(head.length() + 4 + post.body().length);
    }

    @Test
    void theUserAgentCarriesTheBuildsVersion() {
        assertThat(GatewayVersion.userAgent()).matches("render-gateway/\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
        assertThat(GatewayVersion.version()).isEqualTo(System.getProperty("render-gateway.expected-version"));
    }

    @Test
    void aStatusCheckCarriesNoBodyAndTheSameIdentity() {
        upstream.then(Reply.json(200, RUNNING));

        UpstreamMovie movie = client.status("WAEE8PohgVwv2teP").block(WAIT);

        assertThat(movie.progress()).isEqualTo(42);
        Captured get = upstream.requests().get(0);
        assertThat(get.requestLine()).isEqualTo("GET /v2/movies?project=WAEE8PohgVwv2teP HTTP/1.1");
        assertThat(get.header("content-length")).isEmpty();
        assertThat(get.header("transfer-encoding")).isEmpty();
        assertThat(get.header("accept")).contains("application/json");
        assertThat(get.header("user-agent")).contains(GatewayVersion.userAgent());
        assertThat(get.header("x-api-key")).contains(KEY);
    }

    @Test
    void readsAChunkedAnswerSplitInTheMiddleOfTheJson() {
        upstream.then(Reply.chunked(RUNNING, 7, 31, 60));

        assertThat(client.status("WAEE8PohgVwv2teP").block(WAIT).status()).isEqualTo("running");
    }

    @Test
    void survivesConnectionCloseAfterEveryAnswer() {
        upstream.otherwise(Reply.closing(RUNNING));

        for (int i = 0; i < 3; i++) {
            assertThat(client.status("WAEE8PohgVwv2teP").block(WAIT).progress()).isEqualTo(42);
        }
        assertThat(upstream.connectionCount()).isEqualTo(3);
    }

    @Test
    void readsAnHttp10AnswerWithoutLengthToTheEndOfTheConnection() {
        upstream.then(Reply.http10UntilEof(CREATED), Reply.http10UntilEof(RUNNING));

        assertThat(client.submit(Movies.hello()).block(WAIT)).isEqualTo("WAEE8PohgVwv2teP");
        assertThat(client.status("WAEE8PohgVwv2teP").block(WAIT).progress()).isEqualTo(42);
    }

    @Test
    void aStalledStatusAnswerIsRetriedButAStalledSubmissionIsNeverResent() {
        client = client(Duration.ofMillis(300));
        GuardedUpstream guarded = guarded(client, breaker());
        upstream.then(Reply.headersThenStall(), Reply.json(200, RUNNING));

        assertThat(guarded.status("WAEE8PohgVwv2teP", dev.rendergateway.core.resilience.Lane.WATCHED_POLL)
                .block(WAIT).progress()).isEqualTo(42);
        assertThat(upstream.requests()).extracting(Captured::method).containsExactly("GET", "GET");

        upstream.then(Reply.headersThenStall());
        UpstreamException ambiguous = catchThrowableOfType(UpstreamException.class,
                () -> guarded.submit(reactor.core.publisher.Mono.just(Movies.hello())).block(WAIT));

        assertThat(ambiguous.failure()).isEqualTo(UpstreamFailure.NO_ANSWER);
        assertThat(ambiguous.failure().mayHaveActed()).isTrue();
        assertThat(upstream.requests()).extracting(Captured::method).containsExactly("GET", "GET", "POST");
    }

    @Test
    void refusesAnAnswerThatDeclaresMoreThanTheLimit() {
        upstream.then((out, in) -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + (20 * 1024 * 1024) + "\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    while (in.read() >= 0) {
                        // the client must close without waiting for 20 MiB
                    }
                    return false;
                });
        UpstreamException tooLarge = catchThrowableOfType(UpstreamException.class,
                () -> client.status("WAEE8PohgVwv2teP").block(WAIT));

        assertThat(tooLarge.failure()).isEqualTo(UpstreamFailure.UNPARSEABLE);
        assertThat(tooLarge.upstreamMessage()).contains("too large");
    }

    @Test
    void stopsReadingA20MibAnswerAtTheLimitAndKeepsWorking() {
        AtomicLong written = new AtomicLong();
        upstream.then(Reply.huge(20 * 1024 * 1024, written), Reply.json(200, RUNNING));

        UpstreamException tooLarge = catchThrowableOfType(UpstreamException.class,
                () -> client.status("WAEE8PohgVwv2teP").block(WAIT));

        assertThat(tooLarge.failure()).isEqualTo(UpstreamFailure.UNPARSEABLE);
        assertThat(tooLarge.upstreamMessage()).contains("too large");
        assertThat(client.status("WAEE8PohgVwv2teP").block(WAIT).progress()).isEqualTo(42);
        assertThat(written.get()).as("bytes the upstream managed to send").isLessThan(20L * 1024 * 1024);
    }

    @Test
    void classifiesInvalidJsonInA200AsUnparseable() {
        upstream.then(Reply.json(200, "{\"success\":true,\"project\":\"WAEE8P"));

        UpstreamException garbled = catchThrowableOfType(UpstreamException.class,
                () -> client.submit(Movies.hello()).block(WAIT));

        assertThat(garbled.failure()).isEqualTo(UpstreamFailure.UNPARSEABLE);
        assertThat(garbled.failure().mayHaveActed()).isTrue();
    }

    @Test
    void classifiesAProxys502HtmlPageAsAServerErrorAndSaysWhatCame() {
        upstream.then(Reply.bytes(502, "text/html; charset=utf-8",
                "<html><body><h1>502 Bad Gateway</h1></body></html>", ""));

        UpstreamException proxy = catchThrowableOfType(UpstreamException.class,
                () -> client.submit(Movies.hello()).block(WAIT));

        assertThat(proxy.failure()).isEqualTo(UpstreamFailure.SERVER_ERROR);
        assertThat(proxy.httpStatus()).isEqualTo(502);
        assertThat(proxy.upstreamMessage()).contains("text/html").doesNotContain("<html>");
    }

    @Test
    void classifiesA429WithoutRetryAfterAsRateLimitedWithoutAWait() {
        upstream.then(Reply.json(429, "{\"success\":false,\"message\":\"Too many requests\"}"));

        UpstreamException limited = catchThrowableOfType(UpstreamException.class,
                () -> client.submit(Movies.hello()).block(WAIT));

        assertThat(limited.failure()).isEqualTo(UpstreamFailure.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEmpty();
        assertThat(limited.upstreamMessage()).isEqualTo("Too many requests");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 411, 413, 415, 422})
    void aRefusalOfTheRequestItselfIsDefinitiveAndNeverCountedAgainstTheUpstream(int status) {
        CircuitBreaker breaker = breaker();
        GuardedUpstream guarded = guarded(client, breaker);
        upstream.otherwise(Reply.json(status, "{\"success\":false,\"message\":\"refused with " + status + "\"}"));

        UpstreamException refused = catchThrowableOfType(UpstreamException.class,
                () -> guarded.submit(reactor.core.publisher.Mono.just(Movies.hello())).block(WAIT));

        assertThat(refused.failure()).isEqualTo(UpstreamFailure.REJECTED);
        assertThat(refused.failure().isTransient()).isFalse();
        assertThat(refused.failure().mayHaveActed()).isFalse();
        assertThat(refused.httpStatus()).isEqualTo(status);
        assertThat(refused.upstreamMessage()).isEqualTo("refused with " + status);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void aWebhookStatesItsLengthIsNeverChunkedAndNamesTheGateway() {
        upstream.then(Reply.bytes(204, "text/plain", "", ""));
        ReactorNettyWebhookTransport webhooks = new ReactorNettyWebhookTransport(Duration.ofSeconds(2),
                Duration.ofSeconds(2), 4);
        URI target = URI.create(upstream.baseUrl() + "/hooks/render?x=1");
        byte[] body = "{\"type\":\"render.done\"}".getBytes(StandardCharsets.UTF_8);
        try {
            TransportAnswer answer = webhooks.post(new VettedTarget(target,
                    new InetSocketAddress("127.0.0.1", upstream.port())), Map.of("webhook-id", "msg_1"), body)
                    .block(WAIT);

            assertThat(answer.status()).isEqualTo(204);
        } finally {
            webhooks.dispose();
        }
        Captured hook = upstream.requests().get(0);
        assertThat(hook.requestLine()).isEqualTo("POST /hooks/render?x=1 HTTP/1.1");
        assertThat(hook.header("content-length")).contains(Integer.toString(body.length));
        assertThat(hook.header("transfer-encoding")).isEmpty();
        assertThat(hook.header("content-type")).contains("application/json");
        assertThat(hook.header("user-agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith(GatewayVersion.userAgent()));
        assertThat(hook.header("x-api-key")).isEmpty();
        assertThat(hook.body()).isEqualTo(body);
    }

    private ReactorNettyJson2VideoClient client(Duration responseTimeout) {
        if (client != null) {
            client.dispose();
        }
        return new ReactorNettyJson2VideoClient(Json2VideoClientConfig.custom(upstream.baseUrl(), KEY)
                .responseTimeout(responseTimeout).build(), MAPPER, Clock.systemUTC());
    }

    private static CircuitBreaker breaker() {
        return UpstreamCircuitBreaker.create(Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static GuardedUpstream guarded(Json2VideoClient client, CircuitBreaker breaker) {
        return new GuardedUpstream(client, new LocalUpstreamBudget(BudgetConfig.of(100), Schedulers.parallel()),
                breaker, Schedulers.parallel(),
                new GuardedUpstream.StatusRetry(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }
}
