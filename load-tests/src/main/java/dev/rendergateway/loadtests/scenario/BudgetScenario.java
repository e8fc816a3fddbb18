package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.SandboxCounts;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Measure 2: budget use. A burst of {@code 20 × R} submissions reaches a gateway with {@code GATEWAY_UPSTREAM_RATE = R};
 * the sandbox behind it records every request. Baseline: the same burst sent straight to a sandbox.
 */
public final class BudgetScenario implements Scenario {
    private static final String GATEWAY = "gateway";
    private static final String DIRECT = "same burst, direct";

    private record Params(int rate, int multiple, Duration renderTime, Duration poll) {
        int submissions() {
            return rate * multiple;
        }
    }

    private record Outcome(SandboxCounts gateway, SandboxCounts direct, long burstStartMicros, long lastPostMicros) {
    }

    @Override
    public String id() {
        return "budget";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        Params params = smoke ? new Params(10, 4, Duration.ofSeconds(1), Duration.ofMillis(500))
                : new Params(10, 20, Duration.ofSeconds(3), Duration.ofSeconds(1));
        long started = System.nanoTime();
        BenchMovie movie = new BenchMovie(params.renderTime());
        Outcome outcome;
        try (SandboxProcess behind = SandboxProcess.start(workspace, "budget-sandbox-gateway", params.renderTime());
             SandboxProcess direct = SandboxProcess.start(workspace, "budget-sandbox-direct", params.renderTime());
             GatewayProcess gateway = GatewayProcess.start(workspace, "budget-gateway", behind,
                     Map.of("GATEWAY_UPSTREAM_RATE", Integer.toString(params.rate()),
                             "GATEWAY_POLL_INTERVAL", params.poll().toMillis() + "ms"), List.of());
             LoopbackHttp http = new LoopbackHttp("budget", 64)) {
            behind.reset();
            long burstStart = nowMicros();
            burst(http, gateway.baseUrl() + "/v1/renders", GatewayProcess.bearer(), movie.renderRequest(), params);
            Duration limit = Duration.ofSeconds(params.submissions() / params.rate() * 3L + 30);
            SandboxCounts seen = awaitPosts(behind, params.submissions(), limit);
            long lastPost = seen.requestTimesMicros().get(seen.requestTimesMicros().size() - 1);
            burst(http, direct.baseUrl() + "/v2/movies", Map.of("x-api-key", direct.apiKey()), movie.json(), params);
            outcome = new Outcome(behind.counts(), direct.counts(), burstStart, lastPost);
        }
        return result(params, outcome, (System.nanoTime() - started) / 1e9, smoke);
    }

    private static void burst(LoopbackHttp http, String url, Map<String, String> headers, String body, Params params) {
        Flux.range(0, params.submissions())
                .flatMap(i -> http.post(url, headers, body), 64)
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
        throw new IllegalStateException("the gateway did not submit " + posts + " renders within " + limit);
    }

    private ScenarioResult result(Params params, Outcome outcome, double seconds, boolean smoke) {
        RequestTimeline gateway = new RequestTimeline(outcome.gateway().requestTimesMicros());
        double achieved = gateway.rateUntil(outcome.lastPostMicros());
        double drain = (outcome.lastPostMicros() - outcome.burstStartMicros()) / 1e6;
        long peak = outcome.gateway().maxInOneSecond();
        List<Figure> figures = List.of(
                Figure.compared(GATEWAY, "achieved upstream rate while draining", achieved, "req/s", params.rate(),
                        "R", "≥ 0.98 × R", Verdict.of(achieved >= 0.98 * params.rate())),
                Figure.alone(GATEWAY, "429s seen at the sandbox", outcome.gateway().rejected429(), "",
                        "0", Verdict.of(outcome.gateway().rejected429() == 0)),
                Figure.compared(GATEWAY, "most requests in any 1 s window", peak, "requests", params.rate(), "R",
                        "≤ R", Verdict.of(peak <= params.rate())),
                Figure.compared(DIRECT, "most requests in any 1 s window", outcome.direct().maxInOneSecond(),
                        "requests", params.rate(), "R", "— (baseline)", Verdict.INFO),
                Figure.compared(GATEWAY, "time to drain (burst → last submission upstream)", drain, "s",
                        gateway.countUntil(outcome.lastPostMicros()) / (double) params.rate(),
                        "requests sent by then / R", "—", Verdict.INFO));
        List<double[]> points = gateway.slidingSecond(100);
        Chart chart = new Chart("budget.svg", "Upstream requests in the last second, burst of " + params.submissions()
                + " submissions, R = " + params.rate(), Chart.Kind.LINES, "seconds since the first upstream request",
                "requests in the sliding 1 s window", List.of(),
                List.of(new Series("gateway → sandbox", points.stream().map(p -> p[0]).toList(),
                        points.stream().map(p -> p[1]).toList())), (double) params.rate(), false);
        List<String> notes = List.of("R = " + params.rate() + " (GATEWAY_UPSTREAM_RATE), " + params.submissions()
                + " submissions (" + params.multiple() + " × R) sent at once (64 concurrent POST /v1/renders),"
                + " sandbox renders of " + params.renderTime().toMillis() + " ms polled every " + params.poll().toMillis()
                + " ms, so status GETs compete with submissions for the budget. The sandbox stamps every request"
                + " on arrival; the achieved rate is (requests − 1) / time between the first request and the last"
                + " submission. The baseline sends the same burst straight to a second sandbox: that is what the"
                + " upstream sees without a shared budget (JSON2Video answers such bursts with 429s; the sandbox"
                + " only counts them).",
                "Upstream requests in total: " + outcome.gateway().posts() + " POSTs and " + outcome.gateway().gets()
                        + " GETs through the gateway until the last submission.");
        return new ScenarioResult(id(), "2. Budget use", command(smoke), seconds, figures, List.of(chart), notes);
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
