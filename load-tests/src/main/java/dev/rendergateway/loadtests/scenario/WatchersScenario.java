package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.testkit.FreePort;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Measure 1: upstream requests per render with W watchers. The same SDK-pattern clients run against the upstream
 * directly (baseline), against the gateway's {@code /v2/movies} (gateway polls) and against a gateway with
 * {@code GATEWAY_PUBLIC_URL} (the sandbox calls its webhook); each setup has its own sandbox, counted there.
 */
public final class WatchersScenario implements Scenario {
    private static final String SDK = "SDK pattern, direct";
    private static final String POLLING = "gateway (polls)";
    private static final String HOOKS = "gateway + webhooks";

    private record Params(List<Integer> watchers, int renders, Duration renderTime, Duration period) {
    }

    private record Counts(SandboxCounts direct, SandboxCounts polling, SandboxCounts hooks) {
    }

    @Override
    public String id() {
        return "watchers";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        Params params = smoke ? new Params(List.of(1, 10), 2, Duration.ofMillis(1500), Duration.ofMillis(500))
                : new Params(List.of(1, 10, 100, 1000), 4, Duration.ofSeconds(10), Duration.ofSeconds(5));
        long started = System.nanoTime();
        List<Counts> counts = new ArrayList<>();
        FreePort hookPort = FreePort.pick();
        Map<String, String> env = Map.of("GATEWAY_POLL_INTERVAL", params.period().toMillis() + "ms",
                "GATEWAY_UPSTREAM_RATE", "50");
        try (SandboxProcess direct = SandboxProcess.start(workspace, "watchers-sandbox-direct", params.renderTime());
             SandboxProcess behindPolling = SandboxProcess.start(workspace, "watchers-sandbox-polling",
                     params.renderTime());
             SandboxProcess behindHooks = SandboxProcess.start(workspace, "watchers-sandbox-hooks",
                     params.renderTime());
             GatewayProcess polling = GatewayProcess.start(workspace, "watchers-gateway-polling", behindPolling,
                     env, List.of());
             GatewayProcess hooks = GatewayProcess.start(workspace, "watchers-gateway-hooks", behindHooks,
                     withHooks(env, hookPort), List.of());
             LoopbackHttp http = new LoopbackHttp("watchers", 256)) {
            List<SdkPatternTarget> targets = List.of(
                    new SdkPatternTarget(SDK, direct.baseUrl(), direct.apiKey()),
                    new SdkPatternTarget(POLLING, polling.baseUrl(), GatewayProcess.KEY),
                    new SdkPatternTarget(HOOKS, hooks.baseUrl(), GatewayProcess.KEY));
            for (int w : params.watchers()) {
                List.of(direct, behindPolling, behindHooks).forEach(SandboxProcess::reset);
                SdkPatternClients clients = new SdkPatternClients(http, params.period(),
                        params.renderTime().plus(params.period().multipliedBy(4)).plusSeconds(20));
                BenchMovie movie = new BenchMovie(params.renderTime());
                Mono.when(targets.stream().map(t -> clients.run(t, movie, params.renders(), w)).toList())
                        .block(Duration.ofMinutes(3));
                Pause.of(Duration.ofSeconds(1));
                counts.add(new Counts(direct.counts(), behindPolling.counts(), behindHooks.counts()));
            }
        }
        return result(params, counts, (System.nanoTime() - started) / 1e9, smoke);
    }

    private static Map<String, String> withHooks(Map<String, String> env, FreePort port) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GATEWAY_PORT", Integer.toString(port.port()));
        all.put("GATEWAY_PUBLIC_URL", "http://127.0.0.1:" + port.port());
        return all;
    }

    private ScenarioResult result(Params params, List<Counts> counts, double seconds, boolean smoke) {
        List<Figure> figures = new ArrayList<>();
        double pollingAtOne = perRender(counts.get(0).polling().requests(), params);
        List<Double> sdk = new ArrayList<>();
        List<Double> gw = new ArrayList<>();
        List<Double> hooked = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            Counts c = counts.get(i);
            String metric = "upstream requests per render, W = " + params.watchers().get(i);
            double base = perRender(c.direct().requests(), params);
            double viaGateway = perRender(c.polling().requests(), params);
            double viaHooks = perRender(c.hooks().requests(), params);
            figures.add(Figure.alone(SDK, metric, base, "requests", "— (baseline)", Verdict.INFO));
            figures.add(Figure.compared(POLLING, metric, viaGateway, "requests", base, SDK,
                    "does not grow with W", Verdict.of(viaGateway <= pollingAtOne + 1)));
            boolean oneEach = c.hooks().posts() == params.renders() && c.hooks().gets() <= params.renders();
            figures.add(Figure.compared(HOOKS, metric, viaHooks, "requests", base, SDK,
                    "1 POST + ≤ 1 GET", Verdict.of(oneEach)));
            sdk.add(base);
            gw.add(viaGateway);
            hooked.add(viaHooks);
        }
        List<Double> xs = IntStream.range(0, counts.size()).mapToObj(i -> (double) i).toList();
        Chart chart = new Chart("watchers.svg", "Upstream requests per render vs watchers (log scale)",
                Chart.Kind.BARS, "watchers per render", "upstream requests per render",
                params.watchers().stream().map(w -> "W = " + w).toList(),
                List.of(new Series(SDK, xs, sdk), new Series(POLLING, xs, gw), new Series(HOOKS, xs, hooked)),
                null, true);
        return new ScenarioResult(id(), "1. Upstream requests per render with W watchers", command(smoke), seconds,
                figures, List.of(chart), notes(params, counts));
    }

    private static List<String> notes(Params params, List<Counts> counts) {
        List<String> notes = new ArrayList<>();
        notes.add("Per W: " + params.renders() + " renders of " + params.renderTime().toMillis()
                + " ms each (sandbox), every watcher polls `GET /v2/movies?project=` every "
                + params.period().toMillis() + " ms from a random phase until `done` (the SDK loop). The same"
                + " client code runs against the sandbox (baseline), the gateway's drop-in `/v2/movies`"
                + " (GATEWAY_POLL_INTERVAL = " + params.period().toMillis() + " ms) and a gateway with"
                + " GATEWAY_PUBLIC_URL, whose sandbox calls the gateway's hook when a render ends; three setups,"
                + " three sandboxes, run side by side and counted at each sandbox.");
        StringBuilder split = new StringBuilder("POSTs / GETs seen upstream, per W (baseline | gateway | webhooks): ");
        for (int i = 0; i < counts.size(); i++) {
            Counts c = counts.get(i);
            split.append(i == 0 ? "" : "; ").append("W = ").append(params.watchers().get(i)).append(": ")
                    .append(c.direct().posts()).append('/').append(c.direct().gets()).append(" | ")
                    .append(c.polling().posts()).append('/').append(c.polling().gets()).append(" | ")
                    .append(c.hooks().posts()).append('/').append(c.hooks().gets());
        }
        notes.add(split + ".");
        return notes;
    }

    private static double perRender(long requests, Params params) {
        return (double) requests / params.renders();
    }

}
