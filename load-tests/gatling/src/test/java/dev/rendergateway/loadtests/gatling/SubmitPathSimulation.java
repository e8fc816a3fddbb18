package dev.rendergateway.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measure 4: submissions at a fixed offered rate (open model), first straight to the sandbox's {@code POST /v2/movies}
 * (baseline), then to the gateway's {@code POST /v1/renders}; each after a warm-up whose requests are named apart.
 * System properties: bench.directUrl, bench.directKey, bench.gatewayUrl, bench.gatewayKey, bench.rate, bench.seconds,
 * bench.warmUpSeconds, bench.movieFile (the movie JSON; a file, because Maven re-splits properties at spaces).
 */
public class SubmitPathSimulation extends Simulation {
    private final String movie = movie();
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
    private final int seconds = Integer.getInteger("bench.seconds", 10);
    private final int warmUp = Integer.getInteger("bench.warmUpSeconds", 3);

    /** The four phases, one after the other, over shared keep-alive connections. */
    public SubmitPathSimulation() {
        setUp(direct("warm-up direct", warmUp)
                .andThen(direct("direct POST /v2/movies", seconds))
                .andThen(gateway("warm-up gateway", warmUp))
                .andThen(gateway("gateway POST /v1/renders", seconds)))
                .protocols(http.contentTypeHeader("application/json").shareConnections());
    }

    private static String movie() {
        try {
            return Files.readString(Path.of(System.getProperty("bench.movieFile")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PopulationBuilder direct(String name, int duration) {
        ScenarioBuilder scenario = scenario(name).exec(http(name)
                .post(System.getProperty("bench.directUrl") + "/v2/movies")
                .header("x-api-key", System.getProperty("bench.directKey"))
                .body(StringBody(movie))
                .check(status().is(200)));
        return scenario.injectOpen(constantUsersPerSec(rate).during(duration));
    }

    private PopulationBuilder gateway(String name, int duration) {
        ScenarioBuilder scenario = scenario(name).exec(http(name)
                .post(System.getProperty("bench.gatewayUrl") + "/v1/renders")
                .header("Authorization", "Bearer " + System.getProperty("bench.gatewayKey"))
                .body(StringBody("{\"movie\":" + movie + "}"))
                .check(status().is(202)));
        return scenario.injectOpen(constantUsersPerSec(rate).during(duration));
    }
}
