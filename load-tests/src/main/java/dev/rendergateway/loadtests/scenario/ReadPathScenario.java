package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.BenchMovie;
import dev.rendergateway.loadtests.proc.Pause;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.NginxProcess;
import dev.rendergateway.loadtests.proc.Reply;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import dev.rendergateway.loadtests.proc.Wrk;
import dev.rendergateway.loadtests.proc.WrkResult;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measure 3: the read path. wrk drives {@code GET /v1/renders/{id}} of a finished render on the gateway and the
 * very same JSON as a static file on Debian's nginx, with the same connections, threads and duration, in
 * alternating rounds (this VM's speed drifts by as much as 2× from one minute to the next, so one round each
 * would compare moments, not servers); each side's figures are those of its median round.
 */
public final class ReadPathScenario implements Scenario {
    private static final String GATEWAY = "gateway GET /v1/renders/{id}";
    private static final String NGINX = "nginx, same JSON as a static file";

    /**
     * @param gatewayWarmUp long enough for the JIT to compile the request path: a JVM server is measured
     *                      in the steady state it serves in, as nginx is from its first request
     */
    private record Params(Duration gatewayWarmUp, Duration nginxWarmUp, Duration round, int rounds, int threads,
                          int connections) {
    }

    /** The rounds of one side, and the one with the median requests per second. */
    private record Rounds(List<WrkResult> all) {
        WrkResult median() {
            List<WrkResult> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparingDouble(WrkResult::requestsPerSecond));
            return sorted.get(sorted.size() / 2);
        }

        String perRound() {
            return all.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()))
                    .collect(Collectors.joining(", "));
        }

        long requests() {
            return all.stream().mapToLong(WrkResult::requests).sum();
        }
    }

    @Override
    public String id() {
        return "read";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) throws IOException {
        Params params = smoke ? new Params(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 16)
                : new Params(Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(4), 3, 1, 32);
        long started = System.nanoTime();
        Wrk wrk = new Wrk(workspace, params.threads(), params.connections());
        List<WrkResult> viaGateway = new ArrayList<>();
        List<WrkResult> viaNginx = new ArrayList<>();
        String gatewayLine;
        String nginxLine;
        try (SandboxProcess sandbox = SandboxProcess.start(workspace, "read-sandbox", Duration.ofMillis(200));
             GatewayProcess gateway = GatewayProcess.start(workspace, "read-gateway", sandbox,
                     Map.of("GATEWAY_POLL_INTERVAL", "100ms"), List.of());
             LoopbackHttp http = new LoopbackHttp("read", 4)) {
            String path = finishedRender(http, gateway);
            Reply body = http.getNow(gateway.baseUrl() + path, GatewayProcess.bearer());
            try (NginxProcess nginx = NginxProcess.serving(workspace, path, body.body())) {
                Map<String, String> headers = GatewayProcess.bearer();
                String gatewayUrl = gateway.baseUrl() + path;
                String nginxUrl = nginx.baseUrl() + path;
                wrk.run("read-wrk-warmup-gateway", gatewayUrl, params.gatewayWarmUp(), headers);
                wrk.run("read-wrk-warmup-nginx", nginxUrl, params.nginxWarmUp(), headers);
                for (int round = 1; round <= params.rounds(); round++) {
                    viaGateway.add(wrk.run("read-wrk-gateway-" + round, gatewayUrl, params.round(), headers));
                    viaNginx.add(wrk.run("read-wrk-nginx-" + round, nginxUrl, params.round(), headers));
                }
                gatewayLine = wrk.commandLine(gatewayUrl, params.round(), headers);
                nginxLine = wrk.commandLine(nginxUrl, params.round(), headers);
            }
        }
        return result(params, new Rounds(viaGateway), new Rounds(viaNginx), List.of(gatewayLine, nginxLine),
                (System.nanoTime() - started) / 1e9, smoke);
    }

    private static String finishedRender(LoopbackHttp http, GatewayProcess gateway) throws IOException {
        Reply created = http.postNow(gateway.baseUrl() + "/v1/renders", GatewayProcess.bearer(),
                new BenchMovie(Duration.ofMillis(200)).renderRequest());
        String id = new ObjectMapper().readTree(created.body()).path("id").asText();
        String path = "/v1/renders/" + id;
        for (int i = 0; i < 100; i++) {
            Reply reply = http.getNow(gateway.baseUrl() + path, GatewayProcess.bearer());
            if (reply.body().contains("\"status\":\"done\"")) {
                return path;
            }
            Pause.of(Duration.ofMillis(100));
        }
        throw new IllegalStateException("render " + id + " did not finish: cannot measure the read path");
    }

    private ScenarioResult result(Params params, Rounds gatewayRounds, Rounds nginxRounds, List<String> lines,
                                  double seconds, boolean smoke) {
        WrkResult gateway = gatewayRounds.median();
        WrkResult nginx = nginxRounds.median();
        double throughputRatio = gateway.requestsPerSecond() / nginx.requestsPerSecond();
        List<Figure> figures = List.of(
                Figure.compared(GATEWAY, "requests/s", gateway.requestsPerSecond(), "req/s",
                        nginx.requestsPerSecond(), NGINX, "≥ 0.95 × nginx", Verdict.of(throughputRatio >= 0.95)),
                Figure.compared(GATEWAY, "latency p50", gateway.p50() / 1000.0, "ms", nginx.p50() / 1000.0,
                        NGINX, "—", Verdict.INFO),
                Figure.compared(GATEWAY, "latency p99", gateway.p99() / 1000.0, "ms", nginx.p99() / 1000.0,
                        NGINX, "≤ 2 × nginx", Verdict.of(gateway.p99() <= 2 * nginx.p99())),
                Figure.compared(GATEWAY, "latency p99.9", gateway.p999() / 1000.0, "ms", nginx.p999() / 1000.0,
                        NGINX, "—", Verdict.INFO));
        List<Double> xs = List.of(0.0, 1.0, 2.0);
        Chart latency = new Chart("read-latency.svg", "Read path latency (wrk, " + params.connections()
                + " connections)", Chart.Kind.BARS, "percentile", "ms", List.of("p50", "p99", "p99.9"),
                List.of(new Series(GATEWAY, xs, List.of(gateway.p50() / 1e3, gateway.p99() / 1e3, gateway.p999() / 1e3)),
                        new Series(NGINX, xs, List.of(nginx.p50() / 1e3, nginx.p99() / 1e3, nginx.p999() / 1e3))),
                null, false);
        Chart throughput = new Chart("read-throughput.svg", "Read path throughput, gateway / nginx",
                Chart.Kind.BARS, "", "gateway requests/s ÷ nginx requests/s", List.of("throughput ratio"),
                List.of(new Series("gateway / nginx", List.of(0.0), List.of(throughputRatio))), 0.95, false);
        List<String> notes = List.of("wrk " + params.threads() + " thread(s), " + params.connections()
                + " keep-alive connections. Warm-up (discarded): " + params.gatewayWarmUp().toSeconds()
                + " s on the gateway, long enough for the JIT to compile its request path (a JVM server is"
                + " measured in the steady state it serves in), and " + params.nginxWarmUp().toSeconds()
                + " s on nginx (2 workers, access log off) serving the bytes the gateway answered, with the same"
                + " Authorization header (nginx ignores it). Then " + params.rounds() + " rounds of "
                + params.round().toSeconds() + " s, gateway and nginx in turn: this VM's speed drifts by up to 2×"
                + " within minutes, so one round each would compare moments rather than servers. Each side's"
                + " figures are those of its median round. Requests/s per round: gateway " + gatewayRounds.perRound()
                + "; nginx " + nginxRounds.perRound() + ". The gateway writes its access log line per request"
                + " as it does in production. Both servers share the 2 cores with wrk. Percentiles are wrk's own"
                + " (HdrHistogram-based, closed loop). Commands (per round): `" + lines.get(0) + "` and `"
                + lines.get(1) + "`. Totals: gateway " + gatewayRounds.requests() + " requests, nginx "
                + nginxRounds.requests() + ".");
        return new ScenarioResult(id(), "3. Read path", command(smoke), seconds, figures,
                List.of(throughput, latency), notes);
    }
}
