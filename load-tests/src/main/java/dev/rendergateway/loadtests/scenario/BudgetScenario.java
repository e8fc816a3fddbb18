package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.GatewayCluster;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.SandboxCounts;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Measure 2: budget use. A burst of {@code 20 × R} submissions reaches a gateway with {@code GATEWAY_UPSTREAM_RATE = R};
 * the sandbox behind it records every request. Then the same burst, round robin, reaches several gateways sharing
 * one redis-server (one cluster budget of R) in front of one sandbox. Baseline: the same burst sent straight to a
 * sandbox.
 */
public final class BudgetScenario implements Scenario {
    private static final String GATEWAY = "gateway";
    private static final String DIRECT = "same burst, direct";
    /** Connections (and submissions in flight) of the load generator, whichever gateways it spreads them over. */
    private static final int CONCURRENCY = 64;

    private record Params(int rate, int multiple, Duration renderTime, Duration poll, int clusterSize) {
        int submissions() {
            return rate * multiple;
        }

        String cluster() {
            return clusterSize + " gateways on Redis";
        }
    }

    /** What the sandbox behind one setup saw: its counters once the last submission arrived, and when the burst began. */
    private record Drain(SandboxCounts counts, long burstStartMicros, long lastPostMicros) {
        RequestTimeline timeline() {
            return new RequestTimeline(counts.requestTimesMicros());
        }

        double achievedRate() {
            return timeline().rateUntil(lastPostMicros);
        }

        double drainSeconds() {
            return (lastPostMicros - burstStartMicros) / 1e6;
        }
    }

    @Override
    public String id() {
        return "budget";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        Params params = smoke ? new Params(10, 4, Duration.ofSeconds(1), Duration.ofMillis(500), 3)
                : new Params(10, 20, Duration.ofSeconds(3), Duration.ofSeconds(1), 3);
        long started = System.nanoTime();
        BenchMovie movie = new BenchMovie(params.renderTime());
        Drain single = throughGateways(workspace, "budget", 1, params, movie);
        SandboxCounts direct;
        try (SandboxProcess sandbox = SandboxProcess.start(workspace, "budget-sandbox-direct", params.renderTime());
             LoopbackHttp http = new LoopbackHttp("budget-direct", CONCURRENCY)) {
            burst(http, List.of(sandbox.baseUrl() + "/v2/movies"), Map.of("x-api-key", sandbox.apiKey()),
                    movie.json(), params);
            direct = sandbox.counts();
        }
        Drain cluster = throughGateways(workspace, "budget-cluster", params.clusterSize(), params, movie);
        return result(params, single, direct, cluster, (System.nanoTime() - started) / 1e9, smoke);
    }

    /**
     * The burst through {@code count} gateways (on a redis-server of their own when more than one) in front of a fresh
     * sandbox, submissions spread round robin; returns once the sandbox has seen every submission.
     */
    private static Drain throughGateways(Workspace workspace, String prefix, int count, Params params,
                                         BenchMovie movie) {
        Map<String, String> env = Map.of("GATEWAY_UPSTREAM_RATE", Integer.toString(params.rate()),
                "GATEWAY_POLL_INTERVAL", params.poll().toMillis() + "ms");
        try (SandboxProcess behind = SandboxProcess.start(workspace, prefix + "-sandbox", params.renderTime());
             GatewayCluster gateways = GatewayCluster.start(workspace, prefix, behind, count, env, List.of());
             LoopbackHttp http = new LoopbackHttp(prefix, CONCURRENCY)) {
            behind.reset();
            long burstStart = nowMicros();
            burst(http, gateways.baseUrls().stream().map(url -> url + "/v1/renders").toList(),
                    GatewayProcess.bearer(), movie.renderRequest(), params);
            Duration limit = Duration.ofSeconds(params.submissions() / params.rate() * 3L + 30);
            SandboxCounts seen = awaitPosts(behind, params.submissions(), limit);
            List<Long> times = seen.requestTimesMicros();
            keepArrivals(workspace, prefix, times);
            return new Drain(seen, burstStart, times.get(times.size() - 1));
        }
    }

    /** Every arrival (epoch µs, one a line) in {@code <prefix>-arrivals.txt} beside the logs, to read its gaps after a run. */
    private static void keepArrivals(Workspace workspace, String prefix, List<Long> micros) {
        try {
            Files.write(workspace.runDir().resolve(prefix + "-arrivals.txt"),
                    micros.stream().sorted().map(String::valueOf).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link Params#submissions()} POSTs at once ({@value #CONCURRENCY} in flight), round robin over {@code urls}. */
    private static void burst(LoopbackHttp http, List<String> urls, Map<String, String> headers, String body,
                              Params params) {
        Flux.range(0, params.submissions())
                .flatMap(i -> http.submit(urls.get(i % urls.size()), headers, body), CONCURRENCY)
                .doOnNext(reply -> {
                    if (reply.status() >= 300) {
                        throw new IllegalStateException("submission answered " + reply.status() + ": " + reply.body());
                    }
                })
                .blockLast(Duration.ofMinutes(2));
    }

    /** Waits until the sandbox has seen {@code posts} POSTs; the counters at that moment (last request = last POST). */
    private static SandboxCounts awaitPosts(SandboxProcess sandbox, int posts, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            SandboxCounts counts = sandbox.counts();
            if (counts.posts() >= posts) {
                return counts;
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new IllegalStateException("the gateways did not submit " + posts + " renders within " + limit);
    }

    private ScenarioResult result(Params params, Drain single, SandboxCounts direct, Drain cluster, double seconds,
                                  boolean smoke) {
        List<Figure> figures = new ArrayList<>(drainFigures(GATEWAY, single, params));
        figures.add(Figure.compared(DIRECT, "most requests in any 1 s window", direct.maxInOneSecond(),
                "requests", params.rate(), "R", "— (baseline)", Verdict.INFO));
        figures.add(drainTime(GATEWAY, single, params));
        figures.addAll(drainFigures(params.cluster(), cluster, params));
        figures.add(drainTime(params.cluster(), cluster, params));
        Chart chart = new Chart("budget.svg", "Upstream requests in the last second, burst of " + params.submissions()
                + " submissions, R = " + params.rate(), Chart.Kind.LINES, "seconds since the first upstream request",
                "requests in the sliding 1 s window", List.of(),
                List.of(series("gateway → sandbox", single), series(params.cluster() + " → sandbox", cluster)),
                (double) params.rate(), false);
        List<String> notes = List.of("R = " + params.rate() + " (GATEWAY_UPSTREAM_RATE), " + params.submissions()
                + " submissions (" + params.multiple() + " × R) sent at once (" + CONCURRENCY
                + " concurrent POST /v1/renders), sandbox renders of " + params.renderTime().toMillis()
                + " ms polled every " + params.poll().toMillis()
                + " ms, so status GETs compete with submissions for the budget. The sandbox stamps every request"
                + " on arrival; the achieved rate is (requests − 1) / time between the first request and the last"
                + " submission. The baseline sends the same burst straight to a second sandbox: that is what the"
                + " upstream sees without a shared budget (JSON2Video answers such bursts with 429s; the sandbox"
                + " only counts them).",
                "Cluster: " + params.clusterSize() + " gateway processes with the same R and poll interval share one"
                        + " redis-server (GATEWAY_REDIS_URL, one cluster budget of R) in front of one sandbox; the"
                        + " same burst of " + params.submissions() + " is sent at once, round robin over the "
                        + params.clusterSize() + " gateways (" + CONCURRENCY + " in flight in all), and each"
                        + " gateway polls the renders it submitted, so every gateway's POSTs and GETs compete for"
                        + " the one budget.",
                "Upstream requests in total until the last submission: " + single.counts().posts() + " POSTs and "
                        + single.counts().gets() + " GETs through the gateway; " + cluster.counts().posts()
                        + " POSTs and " + cluster.counts().gets() + " GETs through the " + params.cluster() + ".");
        return new ScenarioResult(id(), "2. Budget use", command(smoke), seconds, figures, List.of(chart), notes);
    }

    /** The goals of one setup: the rate used, no 429, at most R in any sliding second. */
    private static List<Figure> drainFigures(String subject, Drain drain, Params params) {
        double achieved = drain.achievedRate();
        long peak = drain.counts().maxInOneSecond();
        long rejected = drain.counts().rejected429();
        return List.of(
                Figure.compared(subject, "achieved upstream rate while draining", achieved, "req/s", params.rate(),
                        "R", "≥ 0.98 × R", Verdict.of(achieved >= 0.98 * params.rate())),
                Figure.alone(subject, "429s seen at the sandbox", rejected, "", "0", Verdict.of(rejected == 0)),
                Figure.compared(subject, "most requests in any 1 s window", peak, "requests", params.rate(), "R",
                        "≤ R", Verdict.of(peak <= params.rate())));
    }

    /** How long the burst took to leave, against what the requests sent by then take at R. */
    private static Figure drainTime(String subject, Drain drain, Params params) {
        return Figure.compared(subject, "time to drain (burst → last submission upstream)", drain.drainSeconds(), "s",
                drain.timeline().countUntil(drain.lastPostMicros()) / (double) params.rate(),
                "requests sent by then / R", "—", Verdict.INFO);
    }

    private static Series series(String name, Drain drain) {
        List<double[]> points = drain.timeline().slidingSecond(100);
        return new Series(name, points.stream().map(p -> p[0]).toList(), points.stream().map(p -> p[1]).toList());
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
