package dev.rendergateway.loadtests;

import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.report.BenchReport;
import dev.rendergateway.loadtests.result.ResultFiles;
import dev.rendergateway.loadtests.result.RunInfo;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.scenario.Scenario;
import dev.rendergateway.loadtests.scenario.Suite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code java -jar load-tests.jar all|smoke|report|<scenario>…}: runs benchmarks, writes one JSON result per scenario,
 * then regenerates the report (only that with {@code report}) ({@code docs/benchmarks.md} and its charts; a smoke run writes it under target instead).
 * Exits 1 when a scenario crashes or its result file is malformed; never on the figures themselves.
 */
public final class BenchMain {

    private static final int SMOKE_LANES = 3;

    private BenchMain() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        List<String> names = args.length == 0 ? List.of("all") : List.of(args);
        boolean smoke = names.contains("smoke");
        Workspace workspace = Workspace.at(Path.of(System.getProperty("bench.root", ".")).toAbsolutePath()
                .normalize(), smoke).requireBuilt();
        Suite suite = Suite.standard();
        ResultFiles files = new ResultFiles(workspace.resultsDir());
        BenchReport report = new BenchReport(workspace, files, smoke, suite.ids());
        if (names.equals(List.of("report"))) {
            System.out.println("bench: report " + report.write(files.readRun()));
            return;
        }
        List<Scenario> chosen = suite.chosen(names);
        if (names.contains("all") || smoke) {
            files.clear();
        }
        Instant started = Instant.now();
        String loadBefore = RunInfo.loadNow();
        List<String> failures = runAll(chosen, workspace, smoke, files);
        Duration took = Duration.between(started, Instant.now());
        RunInfo run = RunInfo.of(chosen.stream().map(Scenario::id).toList(), smoke, started, took, loadBefore);
        files.writeRun(run);
        System.out.println("bench: " + chosen.size() + " scenario(s) in " + took.toSeconds() + " s; report "
                + report.write(run));
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.err.println("bench: FAILED " + f));
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Runs the scenarios one after the other, so that none disturbs another's figures; the smoke variant runs three
     * at a time to stay within a minute, since its figures are not read.
     */
    private static List<String> runAll(List<Scenario> chosen, Workspace workspace, boolean smoke, ResultFiles files) {
        ExecutorService lanes = Executors.newFixedThreadPool(smoke ? SMOKE_LANES : 1);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (Scenario scenario : chosen) {
                runs.add(lanes.submit(() -> runOne(scenario, workspace, smoke, files)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> run : runs) {
                failures.addAll(run.get());
            }
            return failures;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            lanes.shutdownNow();
        }
    }

    private static List<String> runOne(Scenario scenario, Workspace workspace, boolean smoke, ResultFiles files) {
        System.out.println("bench: running " + scenario.id() + (smoke ? " (smoke)" : ""));
        long start = System.nanoTime();
        try {
            ScenarioResult result = scenario.run(workspace, smoke);
            files.write(result);
            files.read(scenario.id());
            System.out.printf("bench: %s done in %.1f s%n", scenario.id(), (System.nanoTime() - start) / 1e9);
            result.figures().forEach(f -> System.out.println("bench:   " + f));
            return List.of();
        } catch (Exception | Error e) {
            e.printStackTrace();
            return List.of(scenario.id() + ": " + e);
        }
    }
}
