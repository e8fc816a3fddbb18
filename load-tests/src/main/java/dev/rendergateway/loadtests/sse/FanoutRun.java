package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.Pause;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.loadtests.proc.ClassHistogram;
import dev.rendergateway.loadtests.proc.CpuProfiler;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayCluster;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.JvmMemory;
import dev.rendergateway.loadtests.proc.LoopbackHttp;
import dev.rendergateway.loadtests.proc.Reply;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import dev.rendergateway.loadtests.proc.BenchMovie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * Runs one {@link FanoutPhase}: a fresh sandbox with its clock held and a {@link GatewayCluster}, the renders
 * (submitted once, through the first gateway), the gateways' memory before, client processes of at most
 * {@value #PER_PROCESS} subscribers each on their own 127.0.0.x source address spread over the gateways; once all are
 * connected the sandbox's clock is released so that the renders change, and after a few seconds of events the memory
 * is measured again, then delivery delays over a measuring window.
 */
public final class FanoutRun {
    /** Subscribers per client process: below the 20,000 open files a process may have here. */
    public static final int PER_PROCESS = 9_500;
    /** Streams a client opens at a time (it waits for a batch's first events before the next). */
    static final int BATCH = 500;
    /**
     * The same on Redis, where each new stream costs a few Redis commands: 12 clients opening 500 at a time against
     * 6 freshly started gateways made the gateways' Redis commands wait past their 2 s timeout (503 to the client).
     */
    private static final int REDIS_BATCH = 100;
    /** How long events flow before delays are measured: both sides' JIT compilers see the hot paths first. */
    static final Duration EVENTS_BEFORE_MEASURING = Duration.ofSeconds(3);
    /** How long after the submissions the memory is first measured (renders standing still by then). */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** Renders polled every second; a budget that never holds them back; one tenant holds every subscriber here. */
    private static final Map<String, String> GATEWAY_ENV = Map.of("GATEWAY_POLL_INTERVAL", "1s",
            "GATEWAY_UPSTREAM_RATE", "5000",
            // The default cap is 5,000 streams per tenant.
            "GATEWAY_TENANT_MAX_STREAMS", "1000000");
    /** Native memory tracking, for the memory figures. */
    private static final List<String> GATEWAY_JVM_ARGS = List.of("-XX:NativeMemoryTracking=summary");

    private final Workspace workspace;
    private final Duration window;
    /** Where to write a CPU profile of the first gateway over the measuring window; null: no profile. */
    private final Path profileTo;
    /** Takes what the first gateway's subscribers keep, by class, when profiling. */
    private final Consumer<List<ClassHistogram.Row>> keptBySubscribers;

    /** Runs with a measuring window of {@code window}. */
    public FanoutRun(Workspace workspace, Duration window) {
        this(workspace, window, null, kept -> { });
    }

    private FanoutRun(Workspace workspace, Duration window, Path profileTo,
                      Consumer<List<ClassHistogram.Row>> keptBySubscribers) {
        this.workspace = workspace;
        this.window = window;
        this.profileTo = profileTo;
        this.keptBySubscribers = keptBySubscribers;
    }

    /**
     * The same run, profiling the first gateway's CPU over the measuring window into {@code jfr}, and handing
     * {@code kept} the live objects its subscribers added (class histograms before and after they connected).
     */
    public FanoutRun profiling(Path jfr, Consumer<List<ClassHistogram.Row>> kept) {
        return new FanoutRun(workspace, window, jfr, kept);
    }

    /** Runs {@code phase}; its outcome. Every process it started is stopped when it returns or fails. */
    public FanoutOutcome run(FanoutPhase phase) {
        String prefix = "fanout-" + phase.name();
        try (SandboxProcess sandbox = SandboxProcess.start(workspace, prefix + "-sandbox",
                     phase.renderTime(), true);
             GatewayCluster gateways = GatewayCluster.start(workspace, prefix, sandbox, phase.gateways(),
                     GATEWAY_ENV, GATEWAY_JVM_ARGS);
             ClientFleet clients = new ClientFleet(workspace, prefix)) {
            Path paths = submit(gateways.first(), phase, prefix);
            // Every submission upstream and polled at least once, so that only the subscribers differ below.
            Pause.of(SETTLE);
            JvmMemory before = gateways.memory();
            ClassHistogram classesBefore = profileTo == null ? null : ClassHistogram.of(gateways.first().pid());
            clients.connect(FanoutLayout.split(phase.subscribers(), gateways.size(), PER_PROCESS),
                    gateways.baseUrls(), paths, phase.onRedis() ? REDIS_BATCH : BATCH);
            // Still standing still: the difference is the subscribers', not renders' changing state.
            JvmMemory after = gateways.memory();
            if (classesBefore != null) {
                keptBySubscribers.accept(ClassHistogram.of(gateways.first().pid()).grownSince(classesBefore));
            }
            sandbox.release();
            Pause.of(EVENTS_BEFORE_MEASURING);
            return new FanoutOutcome(phase, measure(clients, gateways), before, after);
        }
    }

    private FleetReport measure(ClientFleet clients, GatewayCluster gateways) {
        if (profileTo == null) {
            return clients.measure(window);
        }
        // Profiled in the background for as long as the window, from the second before it (the fleet pauses a second
        // first): when the window ends the clients report and close their streams, a teardown the profile leaves out.
        long pid = gateways.first().pid();
        CompletableFuture<Void> profile = CompletableFuture.runAsync(() -> {
            try (CpuProfiler.Session session = CpuProfiler.start(pid, profileTo)) {
                Pause.of(window);
            }
        });
        FleetReport report = clients.measure(window);
        profile.join();
        return report;
    }

    private Path submit(GatewayProcess gateway, FanoutPhase phase, String prefix) {
        ObjectMapper mapper = new ObjectMapper();
        try (LoopbackHttp http = new LoopbackHttp(prefix, 32)) {
            List<String> lines = Flux.range(0, phase.renders())
                    .flatMap(i -> http.submit(gateway.baseUrl() + "/v1/renders", GatewayProcess.bearer(),
                            new BenchMovie(renderTime(phase, i)).renderRequest()), 32)
                    .map(reply -> "/v1/renders/" + id(mapper, reply) + "/events")
                    .collectList()
                    .block(Duration.ofMinutes(1));
            Path file = workspace.runDir().resolve(prefix + "-paths.txt");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Render {@code i}'s duration: the phase's, stretched by up to 2× across the renders. The held clock starts
     * every render at the same instant; equal durations would make all of them change in the same millisecond,
     * turning "spread over 1,000 renders" into one burst. Stretched, their progress steps fall apart at once.
     */
    static Duration renderTime(FanoutPhase phase, int i) {
        return phase.renderTime().plus(phase.renderTime().multipliedBy(i).dividedBy(phase.renders()));
    }

    private static String id(ObjectMapper mapper, Reply reply) {
        try {
            String id = mapper.readTree(reply.body()).path("id").asText();
            if (id.isEmpty()) {
                throw new IllegalStateException("submission refused: " + reply.status() + " " + reply.body());
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
