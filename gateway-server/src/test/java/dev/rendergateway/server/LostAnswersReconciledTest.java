package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.upstream.MovieTag;
import dev.rendergateway.sandbox.MovieState;
import dev.rendergateway.sandbox.faults.FaultPlan;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.CompatClient;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check for lost answers: with the sandbox dropping the connection after it created a
 * render (about a third of the POSTs), every render still ends {@code done}, each created upstream exactly once; the
 * gateway found the lost ones in list mode by the tag in their {@code client-data}, which callers never see.
 */
class LostAnswersReconciledTest {

    private static final int RENDERS = 25;

    @Test
    void everyRenderEndsDoneWithExactlyOneUpstreamCreationWhenAnswersAreDropped() {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_RECONCILE_WINDOW", "1200ms"));
             LogCapture log = LogCapture.start(Level.INFO, "dev.rendergateway.core.pipeline")) {
            env.sandbox().faults().plan(FaultPlan.none().withDropAfterRead(0.35).withMethods("POST"));
            GatewayClient client = env.client();
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < RENDERS; n++) {
                JsonNode movie = Movies.json("{\"scenes\":[{\"elements\":[]}],\"client-data\":{\"n\":" + n + "}}");
                ids.add(client.post("/v1/renders", ACME_KEY, Bodies.render(movie, null)).json().path("id").asText());
            }

            Eventually.await("every render ends", Duration.ofSeconds(30), () -> ids.stream().allMatch(id ->
                    List.of("done", "error", "timeout").contains(status(client, id))));

            assertThat(ids).allSatisfy(id -> assertThat(status(client, id)).isEqualTo("done"));
            long lost = log.lines().stream().filter(line -> line.contains("the answer to its submission was lost"))
                    .count();
            long adopted = log.lines().stream().filter(line -> line.contains("its lost answer is reconciled")).count();
            System.out.printf("lost answers reconciled: %d renders, %d answers lost, %d found upstream, %d list reads,"
                    + " %d upstream creations%n", RENDERS, lost, adopted, env.sandbox().requests().listReads(),
                    env.sandbox().counters().rendersCreated());
            assertThat(lost).as("some answers were lost").isPositive();
            assertThat(adopted).as("every lost answer was found in list mode").isEqualTo(lost);
            assertThat(env.sandbox().counters().rendersCreated()).isEqualTo(RENDERS);
            Map<String, Long> creationsPerRender = upstreamMovies(env).stream()
                    .map(state -> MovieTag.renderIdOf(state.clientData()).orElse("untagged"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(creationsPerRender).containsOnlyKeys(ids).allSatisfy((id, times) -> assertThat(times).isOne());
        }
    }

    @Test
    void theCompatibleStatusEchoesTheCallersClientDataWithoutTheGatewaysTag() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY,
                    "{\"scenes\":[{\"elements\":[]}],\"client-data\":{\"order\":17}}").json().path("project").asText();

            JsonNode movie = compat.getMovie(ACME_KEY, "project=" + project).json().path("movie");

            assertThat(movie.path("client-data")).isEqualTo(Movies.json("{\"order\":17}"));
            Eventually.await("the movie reaches the sandbox", Duration.ofSeconds(10),
                    () -> !upstreamMovies(env).isEmpty());
            JsonNode sent = upstreamMovies(env).get(0).clientData();
            assertThat(sent.path("order").asInt()).isEqualTo(17);
            assertThat(MovieTag.renderIdOf(sent)).contains(project);
        }
    }

    private static String status(GatewayClient client, String id) {
        return client.get("/v1/renders/" + id, ACME_KEY).json().path("status").asText();
    }

    private static List<MovieState> upstreamMovies(TestGateway env) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return env.sandbox().engine().list(today.minusDays(1), today.plusDays(1), 100, null).movies();
    }
}
