package dev.rendergateway.loadtests.proc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link BenchSandboxMain} child process: the stand-in JSON2Video, with its counters over a control port. */
public final class SandboxProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("bench sandbox on port (\\d+) control (\\d+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChildProcess child;
    private final int port;
    private final int controlPort;
    private final long nanosToReady;
    private final LoopbackHttp http = new LoopbackHttp("sandbox-control", 2);

    private SandboxProcess(ChildProcess child, int port, int controlPort, long nanosToReady) {
        this.child = child;
        this.port = port;
        this.controlPort = controlPort;
        this.nanosToReady = nanosToReady;
    }

    /** Starts a sandbox whose renders take {@code renderTime} (unless a movie's comment says otherwise). */
    public static SandboxProcess start(Workspace workspace, String name, Duration renderTime) {
        return start(workspace, name, renderTime, false);
    }

    /**
     * Starts a sandbox whose renders take {@code renderTime}; when {@code held}, its clock stands still (renders do
     * not change) until {@link #release()}.
     */
    public static SandboxProcess start(Workspace workspace, String name, Duration renderTime, boolean held) {
        List<String> command = List.of(workspace.java(), "-Xmx512m",
                "-cp", workspace.benchJar().toString(), BenchSandboxMain.class.getName());
        ChildProcess child = ChildProcess.start(name, command,
                Map.of("BENCH_RENDER_TIME_MS", Long.toString(renderTime.toMillis()),
                        "BENCH_HOLD_CLOCK", Boolean.toString(held)), workspace.log(name));
        try {
            long nanos = child.nanosUntil(READY, Duration.ofSeconds(30));
            Matcher ready = child.await(READY, Duration.ZERO);
            return new SandboxProcess(child, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)),
                    nanos);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** The sandbox's base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The key requests to it carry in {@code x-api-key}. */
    public String apiKey() {
        return BenchSandboxMain.API_KEY;
    }

    /** Time from launch to its ready line (both ports bound). */
    public Duration timeToReady() {
        return Duration.ofNanos(nanosToReady);
    }

    /** Its counters now. */
    public SandboxCounts counts() {
        Reply reply = http.getNow("http://127.0.0.1:" + controlPort + "/counters", Map.of());
        try {
            return MAPPER.readValue(reply.body(), SandboxCounts.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets a held clock run: renders start changing. */
    public void release() {
        http.postNow("http://127.0.0.1:" + controlPort + "/release", Map.of(), "{}");
    }

    /** Clears its counters. */
    public void reset() {
        http.postNow("http://127.0.0.1:" + controlPort + "/reset", Map.of(), "{}");
    }

    @Override
    public void close() {
        http.close();
        child.close();
    }
}
