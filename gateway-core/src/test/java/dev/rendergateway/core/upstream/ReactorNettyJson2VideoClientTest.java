package dev.rendergateway.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream client over real HTTP against the sandbox: whole answers, tolerant parsing, honest failure classes. */
class ReactorNettyJson2VideoClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = GatewayObjectMapper.create();

    private Json2VideoSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void submitsAMovieAndReadsItsStatusIgnoringFieldsItDoesNotKnow() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()
                .renderTime(Duration.ofMillis(1)).pendingTime(Duration.ZERO)));

        String project = client.submit(Movies.hello()).block(WAIT);
        UpstreamMovie movie = client.status(project).block(WAIT);

        assertThat(project).matches("[A-Za-z0-9]{16}");
        assertThat(movie.project()).isEqualTo(project);
        assertThat(movie.isDone()).isTrue();
        assertThat(movie.url()).endsWith("/movie.mp4");
        assertThat(movie.duration()).isPositive();
        assertThat(sandbox.counters().posts()).isEqualTo(1);
    }

    @Test
    void readsWholeAnswersThatArriveInChunks() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom().chunkedResponses(true)));

        String project = client.submit(Movies.hello()).block(WAIT);
        UpstreamMovie movie = client.status(project).block(WAIT);

        assertThat(movie.project()).isEqualTo(project);
        assertThat(movie.status()).isIn("pending", "running");
    }

    @Test
    void classifiesA429AsRateLimitedWithTheWaitItAskedFor() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()));
        sandbox.faults().plan(FaultPlan.none().withRetryAfter(Duration.ofSeconds(7)));
        sandbox.faults().next(Fault.RATE_LIMITED);

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.RATE_LIMITED);
        assertThat(failure.failure().mayHaveActed()).isFalse();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(sandbox.counters().rendersCreated()).isZero();
    }

    @Test
    void classifiesServerErrorsAsAmbiguous() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()));
        sandbox.faults().next(Fault.SERVER_ERROR, Fault.BAD_GATEWAY);

        assertThat(submitFailure(client).failure()).isEqualTo(UpstreamFailure.SERVER_ERROR);
        UpstreamException badGateway = submitFailure(client);
        assertThat(badGateway.failure()).isEqualTo(UpstreamFailure.SERVER_ERROR);
        assertThat(badGateway.httpStatus()).isEqualTo(502);
        assertThat(badGateway.failure().mayHaveActed()).isTrue();
    }

    @Test
    void classifiesAConnectionDroppedAfterTheRequestAsNoAnswerAndNeverResendsIt() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()));
        sandbox.faults().next(Fault.DROP_AFTER_READ);

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.NO_ANSWER);
        assertThat(failure.failure().mayHaveActed()).isTrue();
        assertThat(sandbox.counters().posts()).isEqualTo(1);
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(1);
    }

    @Test
    void classifiesAGarbledAnswerAsUnparseableAndAmbiguous() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()));
        sandbox.faults().next(Fault.UNPARSEABLE);

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.UNPARSEABLE);
        assertThat(failure.failure().mayHaveActed()).isTrue();
    }

    @Test
    void classifiesARefusedKeyAsRejectedWithTheUpstreamMessage() {
        start(SandboxConfig.custom());
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom(sandbox.baseUrl(), "wrong-key").build(), MAPPER, Clock.systemUTC());

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.REJECTED);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.upstreamMessage()).containsIgnoringCase("API key");
        assertThat(failure.getMessage()).doesNotContain("wrong-key");
    }

    @Test
    void classifiesARefusedConnectionAsNotSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom("http://127.0.0.1:" + closedPort, "key").build(), MAPPER,
                Clock.systemUTC());

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.NOT_SENT);
        assertThat(failure.failure().mayHaveActed()).isFalse();
    }

    @Test
    void speaksHttpsWhenTheUpstreamIsHttps() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // The real JSON2Video is https: the TLS client must be usable (it once failed on a missing QUIC class).
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom("https://127.0.0.1:" + closedPort, "key").build(), MAPPER,
                Clock.systemUTC());

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.NOT_SENT);
    }

    @Test
    void classifiesAnUnknownProjectAsRejected() {
        ReactorNettyJson2VideoClient client = clientFor(start(SandboxConfig.custom()));

        UpstreamException failure = catchThrowableOfType(UpstreamException.class,
                () -> client.status("NoSuchProject123").block(WAIT));

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.REJECTED);
        assertThat(failure.httpStatus()).isEqualTo(404);
    }

    @Test
    void givesUpOnAnAnswerThatTakesLongerThanTheResponseTimeout() {
        start(SandboxConfig.custom());
        sandbox.faults().plan(FaultPlan.none().withLatency(Duration.ofSeconds(5)));
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom(sandbox.baseUrl(), sandbox.apiKey())
                        .responseTimeout(Duration.ofMillis(200)).build(), MAPPER, Clock.systemUTC());

        UpstreamException failure = submitFailure(client);

        assertThat(failure.failure()).isEqualTo(UpstreamFailure.NO_ANSWER);
        assertThat(sandbox.counters().posts()).isEqualTo(1);
    }

    private Json2VideoSandbox start(SandboxConfig.Builder config) {
        sandbox = Json2VideoSandbox.start(config.build());
        return sandbox;
    }

    private static ReactorNettyJson2VideoClient clientFor(Json2VideoSandbox sandbox) {
        return new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom(sandbox.baseUrl(), sandbox.apiKey()).build(), MAPPER,
                Clock.systemUTC());
    }

    private static UpstreamException submitFailure(ReactorNettyJson2VideoClient client) {
        return catchThrowableOfType(UpstreamException.class, () -> client.submit(Movies.hello()).block(WAIT));
    }
}
