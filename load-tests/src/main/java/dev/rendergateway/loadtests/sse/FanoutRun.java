package dev.rendergateway.loadtests.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.loadtests.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.JvmMemory;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;

/**
 * Runs one {@link FanoutPhase}: a fresh sandbox and gateway, the renders, the gateway's memory before, client
 * processes of at most {@value #PER_PROCESS} subscribers each on their own 127.0.0.x source address, the memory
 * after, then a measuring window of delivery delays.
 */
public final class FanoutRun {
    /** Subscribers per client process: below the 20,000 open files a process may have here. */
    static final int PER_PROCESS = 9_500;

    private final Workspace workspace;
    private final Duration renderTime;
    private final Duration window;

    /** Runs with renders of {@code renderTime} (longer than a phase) and a measuring window of {@code window}. */
    public FanoutRun(Workspace workspace, Duration renderTime, Duration window) {
        this.workspace = workspace;
        this.renderTime = renderTime;
        this.window = window;
    }

    /** Runs {@code phase}; its outcome. */
    public FanoutOutcome run(FanoutPhase phase) {
        String prefix = "fanout-" + phase.name();
        try (SandboxProcess sandbox = SandboxProcess.start(workspace, prefix + "-sandbox", renderTime);
             GatewayProcess gateway = GatewayProcess.start(workspace, prefix + "-gateway", sandbox,
                     Map.of("GATEWAY_POLL_INTERVAL", "1s", "GATEWAY_UPSTREAM_RATE", "5000",
                             // One tenant holds every subscriber here; the default cap is 5,000 streams per tenant.
                             "GATEWAY_TENANT_MAX_STREAMS", "1000000"),
                     List.of("-XX:NativeMemoryTracking=summary"))) {
            Path paths = submit(gateway, phase.renders(), prefix);
            JvmMemory before = JvmMemory.measure(gateway.pid());
            List<SseClientProcess> clients = new ArrayList<>();
            try {
                long connectStart = System.nanoTime();
                int processes = (phase.subscribers() + PER_PROCESS - 1) / PER_PROCESS;
                for (int i = 0; i < processes; i++) {
                    int share = phase.subscribers() / processes + (i < phase.subscribers() % processes ? 1 : 0);
                    clients.add(SseClientProcess.start(workspace, prefix + "-client-" + i, gateway.baseUrl(),
                            GatewayProcess.KEY, paths, share, "127.0.0." + (2 + i)));
                }
                for (SseClientProcess client : clients) {
                    client.awaitConnected(Duration.ofMinutes(3));
                }
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                JvmMemory after = JvmMemory.measure(gateway.pid());
                sleep(Duration.ofSeconds(1));
                clients.forEach(SseClientProcess::measure);
                sleep(window);
                List<SseClientReport> reports = clients.stream().map(SseClientProcess::stop).toList();
                return outcome(phase, before, after, reports, connectSeconds);
            } finally {
                clients.forEach(SseClientProcess::close);
            }
        }
    }

    private static FanoutOutcome outcome(FanoutPhase phase, JvmMemory before, JvmMemory after,
                                         List<SseClientReport> reports, double connectSeconds) {
        Histogram delays = new Histogram(3);
        int connected = 0;
        int failed = 0;
        long events = 0;
        double seconds = 0;
        for (SseClientReport report : reports) {
            delays.add(report.delays());
            connected += report.connected();
            failed += report.failed();
            events += report.events();
            seconds = Math.max(seconds, report.seconds());
        }
        return new FanoutOutcome(phase, connected, failed, before, after, delays, events, seconds, connectSeconds);
    }

    private Path submit(GatewayProcess gateway, int renders, String prefix) {
        ObjectMapper mapper = new ObjectMapper();
        String body = "{\"movie\":" + new dev.rendergateway.loadtests.scenario.BenchMovie(renderTime).json() + "}";
        try (LoopbackHttp http = new LoopbackHttp(prefix, 32)) {
            List<String> lines = Flux.range(0, renders)
                    .flatMap(i -> http.post(gateway.baseUrl() + "/v1/renders", GatewayProcess.bearer(), body), 32)
                    .map(reply -> "/v1/renders/" + id(mapper, reply.body()) + "/events")
                    .collectList()
                    .block(Duration.ofMinutes(1));
            Path file = workspace.runDir().resolve(prefix + "-paths.txt");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(ObjectMapper mapper, String body) {
        try {
            return mapper.readTree(body).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
