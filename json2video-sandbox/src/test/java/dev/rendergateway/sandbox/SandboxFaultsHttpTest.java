package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

class SandboxFaultsHttpTest {
    private static final String MOVIE = "{\"scenes\":[{\"duration\":2}]}";

    private Json2VideoSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Json2VideoSandbox.start(SandboxConfig.defaults());
        client = SandboxClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void rateLimitsWithRetryAfterAndCreatesNothing() {
        sandbox.faults().plan(FaultPlan.none().withRateLimited(1.0).withRetryAfter(Duration.ofSeconds(2)));

        SandboxClient.Reply reply = client.postNow(MOVIE);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("2");
        assertThat(reply.json().path("message").asText()).isEqualTo("Too many requests");
        assertThat(sandbox.engine().size()).isZero();
        assertThat(sandbox.counters().rendersCreated()).isZero();
        assertThat(sandbox.counters().rejected429()).isEqualTo(1);
        assertThat(sandbox.counters().posts()).isEqualTo(1);
    }

    @Test
    void failsWith500AndCreatesNothing() {
        sandbox.faults().next(Fault.SERVER_ERROR);

        SandboxClient.Reply reply = client.postNow(MOVIE);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json().path("success").asBoolean()).isFalse();
        assertThat(reply.json().path("message").asText()).isEqualTo("Internal server error");
        assertThat(sandbox.engine().size()).isZero();
    }

    @Test
    void answersBadGatewayWithAnHtmlPageAndCreatesNothing() {
        sandbox.faults().next(Fault.BAD_GATEWAY);

        SandboxClient.Reply reply = client.postNow(MOVIE);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body()).contains("502 Bad Gateway");
        assertThat(sandbox.engine().size()).isZero();
    }

    @Test
    void answersNotFoundWhenScriptedEvenForAKnownProject() {
        String project = client.createNow(MOVIE);
        sandbox.faults().next(Fault.NOT_FOUND);

        SandboxClient.Reply reply = client.getNow("/v2/movies?project=" + project);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("message").asText()).isEqualTo("Movie not found");
        assertThat(client.getNow("/v2/movies?project=" + project).status()).isEqualTo(200);
    }

    @Test
    void answersABodyThatIsNotJsonWhenUnparseableIsScripted() {
        sandbox.faults().next(Fault.UNPARSEABLE);

        SandboxClient.Reply reply = client.getNow("/v2/movies");

        assertThat(reply.status()).isEqualTo(200);
        assertThatThrownBy(() -> new ObjectMapper().readTree(reply.body())).isInstanceOf(Exception.class);
    }

    @Test
    void dropsTheConnectionAfterCreatingTheRender() {
        sandbox.faults().next(Fault.DROP_AFTER_READ);

        StepVerifier.create(client.post(MOVIE))
                .expectError(PrematureCloseException.class)
                .verify(SandboxClient.WAIT);

        assertThat(sandbox.engine().size()).isEqualTo(1);
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(1);
        assertThat(sandbox.counters().posts()).isEqualTo(1);
        assertThat(client.postNow(MOVIE).status()).isEqualTo(200);
    }

    @Test
    void dropsWithTheProbabilityThePlanGives() {
        sandbox.faults().plan(FaultPlan.none().withDropAfterRead(1.0).withMethods("GET"));

        assertThat(client.postNow(MOVIE).status()).isEqualTo(200);
        StepVerifier.create(client.get("/v2/movies"))
                .expectError(PrematureCloseException.class)
                .verify(SandboxClient.WAIT);
    }

    @Test
    void appliesThePlanOnlyToItsMethods() {
        sandbox.faults().plan(FaultPlan.none().withServerError(1.0).withMethods("GET"));

        assertThat(client.postNow(MOVIE).status()).isEqualTo(200);
        assertThat(client.getNow("/v2/movies").status()).isEqualTo(500);
    }

    @Test
    void playsScriptedFaultsInOrderBeforeThePlan() {
        sandbox.faults().plan(FaultPlan.none().withServerError(1.0));
        sandbox.faults().next(Fault.RATE_LIMITED, Fault.BAD_GATEWAY);

        assertThat(client.getNow("/v2/movies").status()).isEqualTo(429);
        assertThat(client.getNow("/v2/movies").status()).isEqualTo(502);
        assertThat(client.getNow("/v2/movies").status()).isEqualTo(500);
        sandbox.faults().clear();
        assertThat(client.getNow("/v2/movies").status()).isEqualTo(200);
        assertThat(sandbox.counters().gets()).isEqualTo(4);
    }

    @Test
    void delaysEveryAnswerByThePlannedLatency() {
        Duration latency = Duration.ofMillis(300);
        sandbox.faults().plan(FaultPlan.none().withLatency(latency));

        long started = System.nanoTime();
        SandboxClient.Reply reply = client.postNow(MOVIE);
        long elapsed = System.nanoTime() - started;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(latency);
    }

    @Test
    void countsFaultedRequestsAsTheyArrive() {
        sandbox.faults().next(Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.BAD_GATEWAY);
        client.postNow(MOVIE);
        client.getNow("/v2/movies");
        client.getNow("/v2/movies");
        client.getNow("/v2/movies");

        assertThat(sandbox.counters().posts()).isEqualTo(1);
        assertThat(sandbox.counters().gets()).isEqualTo(3);
        assertThat(sandbox.counters().requestTimes()).hasSize(4);
        assertThat(sandbox.counters().maxRequestsInAnyWindow(Duration.ofMinutes(1))).isEqualTo(4);
    }
}
