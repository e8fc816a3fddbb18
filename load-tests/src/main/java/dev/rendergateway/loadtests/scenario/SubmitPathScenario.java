package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.CpuProfiler;
import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.GatlingRun;
import dev.rendergateway.loadtests.proc.GatlingStats;
import dev.rendergateway.loadtests.proc.GcPauses;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Measure 4: the submit path. Gatling offers a fixed rate of submissions (open model) straight to a sandbox's
 * {@code POST /v2/movies} (baseline), then to the gateway's {@code POST /v1/renders} in front of another sandbox.
 */
public final class SubmitPathScenario implements Scenario {
    private static final String GATEWAY_REQUEST = "gateway POST /v1/renders";
    private static final String DIRECT_REQUEST = "direct POST /v2/movies";

    private record Params(int rate, int seconds, int warmUp) {
    }

    @Override
    public String id() {
        return "submit";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        return run(workspace, smoke, null);
    }

    /**
     * Runs it while profiling the gateway's CPU over the measured phase (after its warm-up) into {@code jfr}; the
     * figures are the profiled run's (the profiler's own cost included), for the profile's context only.
     */
    ScenarioResult profiled(Workspace workspace, boolean smoke, Path jfr) {
        return run(workspace, smoke, jfr);
    }

    private ScenarioResult run(Workspace workspace, boolean smoke, Path profileTo) {
        Params params = smoke ? new Params(50, 2, 1) : new Params(200, 15, 20);
        long started = System.nanoTime();
        BenchMovie movie = new BenchMovie(Duration.ofSeconds(3));
        GatlingRun gatling = new GatlingRun(workspace, "dev.rendergateway.loadtests.gatling.SubmitPathSimulation");
        Path report;
        Path gcLog = workspace.log("submit-gateway-gc");
        try (SandboxProcess direct = SandboxProcess.start(workspace, "submit-sandbox-direct", Duration.ofSeconds(3));
             SandboxProcess behind = SandboxProcess.start(workspace, "submit-sandbox-gateway", Duration.ofSeconds(3));
             GatewayProcess gateway = GatewayProcess.start(workspace, "submit-gateway", behind,
                     Map.of("GATEWAY_UPSTREAM_RATE", "1000"), GcPauses.logTo(gcLog))) {
            CompletableFuture<Void> profile = profileTo == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> profileMeasuredPhase(gateway, behind, params, profileTo));
            report = gatling.run("submit-gatling", Map.of(
                    "bench.directUrl", direct.baseUrl(), "bench.directKey", direct.apiKey(),
                    "bench.gatewayUrl", gateway.baseUrl(), "bench.gatewayKey", GatewayProcess.KEY,
                    "bench.rate", Integer.toString(params.rate()), "bench.seconds", Integer.toString(params.seconds()),
                    "bench.warmUpSeconds", Integer.toString(params.warmUp()),
                    "bench.movieFile", movieFile(workspace, movie).toString()),
                    Duration.ofMinutes(5));
            profile.join();
        }
        GatlingStats stats = GatlingStats.read(report);
        for (String name : List.of(GATEWAY_REQUEST, DIRECT_REQUEST)) {
            GatlingStats.Request request = stats.of(name);
            if (request.count() == 0 || request.failed() * 100 > request.count()) {
                throw new IllegalStateException(name + ": " + request.failed() + " of " + request.count()
                        + " requests failed; see the Gatling report " + report);
            }
        }
        return result(params, stats.of(GATEWAY_REQUEST), stats.of(DIRECT_REQUEST), gatling, report,
                GcPauses.read(gcLog), (System.nanoTime() - started) / 1e9, smoke, workspace);
    }

    /**
     * Waits for the gateway's first submission upstream (its warm-up began), lets the warm-up pass, then profiles
     * the measured phase.
     */
    private static void profileMeasuredPhase(GatewayProcess gateway, SandboxProcess behind, Params params,
                                             Path jfr) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (behind.counts().posts() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway submitted nothing upstream: no profile");
            }
            Pause.of(Duration.ofMillis(100));
        }
        Pause.of(Duration.ofSeconds(params.warmUp()));
        try (CpuProfiler.Session session = CpuProfiler.start(gateway.pid(), jfr)) {
            Pause.of(Duration.ofSeconds(params.seconds()));
        }
    }

    private static Path movieFile(Workspace workspace, BenchMovie movie) {
        try {
            Path file = workspace.runDir().resolve("submit-movie.json").toAbsolutePath();
            Files.createDirectories(file.getParent());
            return Files.writeString(file, movie.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScenarioResult result(Params params, GatlingStats.Request gateway, GatlingStats.Request direct,
                                  GatlingRun gatling, Path report, GcPauses pauses, double seconds, boolean smoke,
                                  Workspace workspace) {
        List<Figure> figures = List.of(
                Figure.compared(GATEWAY_REQUEST, "latency p50", gateway.p50(), "ms", direct.p50(), DIRECT_REQUEST,
                        "—", Verdict.INFO),
                Figure.compared(GATEWAY_REQUEST, "latency p99", gateway.p99(), "ms", direct.p99(), DIRECT_REQUEST,
                        "≤ 1.2 × direct", Verdict.of(gateway.p99() <= 1.2 * direct.p99())),
                Figure.compared(GATEWAY_REQUEST, "failed requests", gateway.failed(), "", direct.failed(),
                        DIRECT_REQUEST, "0", Verdict.of(gateway.failed() == 0)));
        List<Double> xs = List.of(0.0, 1.0, 2.0);
        Chart chart = new Chart("submit-latency.svg", "Submit latency at " + params.rate() + " submissions/s (Gatling)",
                Chart.Kind.BARS, "percentile", "ms", List.of("p50", "p95", "p99"),
                List.of(new Series(GATEWAY_REQUEST, xs, List.of(gateway.p50(), gateway.p95(), gateway.p99())),
                        new Series(DIRECT_REQUEST, xs, List.of(direct.p50(), direct.p95(), direct.p99()))),
                null, false);
        List<String> notes = List.of("Gatling " + "3.15.1 (Java DSL), open model: " + params.rate()
                + " new submissions per second for " + params.seconds() + " s against each target, each after a "
                + params.warmUp() + " s warm-up at the same rate whose requests are reported apart, over shared"
                + " keep-alive connections; first straight to a sandbox (`POST /v2/movies`, answered 200 once the"
                + " render exists), then to the gateway (`POST /v1/renders`, answered 202 once queued; the gateway"
                + " meanwhile submits upstream at GATEWAY_UPSTREAM_RATE = 1000 to its own sandbox). Gatling reports"
                + " whole milliseconds. Requests: gateway " + gateway.count() + ", direct " + direct.count()
                + ". The gateway's JVM (started with `java -jar` and no options, as the README runs it; G1 on this"
                + " machine) paused for garbage collection " + pauses.count() + " times in its whole life, the"
                + " longest " + String.format(Locale.ROOT, "%.1f", pauses.longestMillis()) + " ms, "
                + String.format(Locale.ROOT, "%.0f", pauses.totalMillis()) + " ms in all (its GC"
                + " log); each pause holds up every request that arrives during it."
                + " Gatling command: `" + gatling.commandLine() + "`; its HTML report of this run is in `"
                + workspace.root().relativize(report.toAbsolutePath()) + "` (not committed).");
        return new ScenarioResult(id(), "4. Submit path", command(smoke), seconds, figures, List.of(chart), notes);
    }
}
