package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.sandbox.faults.FaultPlan;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * The drain at SIGTERM, in-process through the same method the shutdown hook calls: readiness goes false,
 * new requests get 503, event streams get a last comment and end, an in-flight submission finishes (or is
 * ended as outcome-unknown when it outlives the bound), all within the bound.
 */
class GracefulDrainTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    @Test
    void drainsWithinTheBoundLettingAnInFlightSubmissionFinishAndTellingStreamsToGo() throws Exception {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "1000"))) {
            AtomicReference<String> streamText = new AtomicReference<>("");
            Disposable stream = openRawStream(env.port(), streamText);
            Eventually.await("a stream open", WITHIN, () -> env.gateway().streamStats().openStreams() == 1);
            // The drain waits for this submission, then closes the listener: it must still be waiting while this
            // test asks for readiness and submits. At 1.5 s, a loaded CI machine once got there first and the
            // refused POST met a closing listener ("connection closed before response"). 3 s still ends well
            // within the drain's 4 s.
            env.sandbox().faults().plan(FaultPlan.none().withLatency(Duration.ofMillis(3000)).withMethods("POST"));
            String id = submit(env);
            // Its POST has reached the sandbox, which holds the answer back: the submission is in flight.
            Eventually.await("submitting", WITHIN, () -> status(env, id) == RenderStatus.SUBMITTING
                    && env.sandbox().counters().posts() == 1);

            CompletableFuture<RenderGateway.DrainReport> drain =
                    CompletableFuture.supplyAsync(() -> env.gateway().drain(Duration.ofSeconds(4)));
            Eventually.await("the stream told to go", WITHIN,
                    () -> streamText.get().contains(": shutting down; reconnect"));
            Reply ready = env.client().get("/health/ready", null);
            Reply refused = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()));
            RenderGateway.DrainReport report = drain.get(6, TimeUnit.SECONDS);

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(ready.json().path("details").path("draining").asBoolean()).isTrue();
            assertThat(ready.json().path("status").isInt()).as("a problem's status is the HTTP status").isTrue();
            assertThat(ready.json().path("status").asInt()).isEqualTo(503);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().path("type").asText()).isEqualTo("/problems/draining");
            assertThat(report.took()).isLessThan(Duration.ofSeconds(4));
            assertThat(report.streamsEnded()).isEqualTo(1);
            assertThat(status(env, id)).as("the submission finished and was stored").isEqualTo(RenderStatus.RUNNING);
            Eventually.await("the stream closed", WITHIN, stream::isDisposed);
        }
    }

    @Test
    void endsASubmissionThatOutlivesTheBoundAsOutcomeUnknownRatherThanLeavingItSubmitting() throws Exception {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "1000"))) {
            env.sandbox().faults().plan(FaultPlan.none().withLatency(Duration.ofSeconds(20)).withMethods("POST"));
            String id = submit(env);
            Eventually.await("submitting", WITHIN, () -> status(env, id) == RenderStatus.SUBMITTING);

            long start = System.nanoTime();
            env.gateway().drain(Duration.ofSeconds(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofMillis(1500));
            Render render = env.gateway().render(id).block(WITHIN);
            assertThat(render.status()).isEqualTo(RenderStatus.ERROR);
            assertThat(render.error().code()).isEqualTo(RenderError.OUTCOME_UNKNOWN);
        }
    }

    private static String submit(TestGateway env) {
        Reply created = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()));
        assertThat(created.status()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private static RenderStatus status(TestGateway env, String id) {
        return env.gateway().render(id).map(Render::status).block(WITHIN);
    }

    /** The stream's raw text, comments included, as it arrives; disposed when the server closes it. */
    private static Disposable openRawStream(int port, AtomicReference<String> text) {
        Disposable.Swap done = reactor.core.Disposables.swap();
        done.update(HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port)
                .headers(GatewayClient.bearer(ACME_KEY)).get().uri("/v1/events")
                .responseContent().asString(StandardCharsets.UTF_8)
                .doOnNext(chunk -> text.updateAndGet(previous -> previous + chunk))
                .doFinally(signal -> done.dispose())
                .subscribe());
        return done;
    }
}
