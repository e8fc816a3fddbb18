package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.Reply;
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
import reactor.core.publisher.Mono;

/**
 * Measure 6: start-up. Launches {@code java -jar render-gateway.jar} n times and times launch → {@code listening on
 * port} and launch → first 200 of {@code /health/ready}; baseline: the bench sandbox, a bare Reactor Netty + Jackson
 * server from the same JDK, launched the same way (launch → its ready line).
 */
public final class StartupScenario implements Scenario {
    private static final String GATEWAY = "gateway (java -jar)";
    private static final String BARE = "bare Reactor Netty server (sandbox)";

    @Override
    public String id() {
        return "startup";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        int runs = smoke ? 1 : 5;
        long started = System.nanoTime();
        List<Double> listening = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try (SandboxProcess upstream = SandboxProcess.start(workspace, "startup-upstream", Duration.ofSeconds(3));
             LoopbackHttp http = new LoopbackHttp("startup", 1)) {
            // Warm the probe's own client first, so that its first-use cost is not counted as the gateway's.
            http.get(upstream.baseUrl() + "/v2/movies", Map.of()).onErrorResume(e -> Mono.empty()).block();
            for (int i = 0; i < runs; i++) {
                try (GatewayProcess gateway = GatewayProcess.start(workspace, "startup-gateway-" + i, upstream,
                        Map.of(), List.of())) {
                    listening.add(gateway.timeToListening().toNanos() / 1e6);
                    ready.add(untilReady(http, gateway) / 1e6);
                }
                try (SandboxProcess sandbox = SandboxProcess.start(workspace, "startup-bare-" + i,
                        Duration.ofSeconds(3))) {
                    bare.add(sandbox.timeToReady().toNanos() / 1e6);
                }
            }
        }
        return result(runs, listening, ready, bare, (System.nanoTime() - started) / 1e9, smoke);
    }

    private static long untilReady(LoopbackHttp http, GatewayProcess gateway) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Reply reply = http.get(gateway.baseUrl() + "/health/ready", Map.of())
                    .onErrorResume(e -> Mono.just(new Reply(0, ""))).block();
            if (reply != null && reply.status() == 200) {
                return System.nanoTime() - gateway.launchedAtNanos();
            }
            Pause.of(Duration.ofMillis(5));
        }
        throw new IllegalStateException("/health/ready did not answer 200 within 30 s");
    }

    private ScenarioResult result(int runs, List<Double> listening, List<Double> ready, List<Double> bare,
                                  double seconds, boolean smoke) {
        double listen = median(listening);
        double readyMs = median(ready);
        double bareMs = median(bare);
        List<Figure> figures = List.of(
                Figure.compared(GATEWAY, "launch → 'listening on port' (median of " + runs + ")", listen, "ms",
                        bareMs, BARE, "≤ 1,500 ms", Verdict.of(listen <= 1500)),
                Figure.compared(GATEWAY, "launch → /health/ready 200 (median of " + runs + ")", readyMs, "ms",
                        bareMs, BARE, "≤ 1,500 ms", Verdict.of(readyMs <= 1500)));
        List<Double> xs = List.of(0.0, 1.0);
        Chart chart = new Chart("startup.svg", "Time from launch to ready (median of " + runs + " launches)",
                Chart.Kind.BARS, "", "ms", List.of("launch → listening", "launch → ready (HTTP 200)"),
                List.of(new Series(GATEWAY, xs, List.of(listen, readyMs)), new Series(BARE, xs, List.of(bareMs, bareMs))),
                1500.0, false);
        List<String> notes = List.of("Each launch is a new JVM (`java -jar gateway-server/target/render-gateway.jar`,"
                + " default JVM flags, GATEWAY_PORT=0, a standalone sandbox as upstream), timed by the harness from"
                + " `ProcessBuilder.start()` to the log line being read, and to the first 200 of `/health/ready`"
                + " (probed every 5 ms). The baseline is the bench sandbox (a Reactor Netty HTTP server with Jackson,"
                + " from the load-tests jar) launched and timed the same way. Every launch, in ms: gateway listening "
                + listening + ", ready " + ready + "; bare server " + bare + ".");
        return new ScenarioResult(id(), "6. Start-up", command(smoke), seconds, figures, List.of(chart), notes);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
