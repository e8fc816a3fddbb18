package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.sandbox.faults.FaultPlan;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A draining gateway refuses every request with its 503 problem, one with a body too: never a dropped connection. */
class RefusalsWhileDrainingTest {

    @Test
    void everyPostRefusedWhileDrainingReceivesItsProblemBeforeTheConnectionCloses() throws Exception {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "1000"))) {
            // A submission held in flight keeps the drain, and so the window of 503s, open for seconds.
            env.sandbox().faults().plan(FaultPlan.none().withLatency(Duration.ofSeconds(20)).withMethods("POST"));
            GatewayClient client = env.client();
            assertThat(client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).status()).isEqualTo(202);
            Eventually.await("the submission in flight", Duration.ofSeconds(5),
                    () -> env.sandbox().counters().posts() == 1);
            CompletableFuture<RenderGateway.DrainReport> drain =
                    CompletableFuture.supplyAsync(() -> env.gateway().drain(Duration.ofSeconds(6)));
            Eventually.await("draining", Duration.ofSeconds(5),
                    () -> client.get("/health/ready", null).status() == 503);

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                try {
                    answers.add(String.valueOf(client.post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()))
                            .status()));
                } catch (RuntimeException dropped) {
                    answers.add(dropped.getClass().getSimpleName() + ": " + dropped.getMessage());
                }
            }

            assertThat(answers).as("answers to POSTs while draining").containsOnly("503");
            drain.get(10, TimeUnit.SECONDS);
        }
    }
}
