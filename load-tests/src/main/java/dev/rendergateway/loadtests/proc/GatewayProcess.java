package dev.rendergateway.loadtests.proc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The gateway started from its jar as a separate process ({@code GATEWAY_PORT=0}, port read from its log). */
public final class GatewayProcess implements AutoCloseable {
    /** The tenant key every benchmark uses. */
    public static final String KEY = "bench-gateway-key-0001";
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final ChildProcess child;
    private final int port;
    private final long nanosToListening;

    private GatewayProcess(ChildProcess child, int port, long nanosToListening) {
        this.child = child;
        this.port = port;
        this.nanosToListening = nanosToListening;
    }

    /**
     * Starts {@code java [jvmArgs] [$BENCH_GATEWAY_JVM_ARGS] -jar render-gateway.jar} in front of {@code upstream},
     * with the benchmark key, roomy queues, and {@code env} on top (which may override any of these).
     * {@code BENCH_GATEWAY_JVM_ARGS} is for profiling a scenario's gateways, e.g.
     * {@code -XX:StartFlightRecording=filename=submit.jfr,settings=profile}.
     */
    public static GatewayProcess start(Workspace workspace, String name, SandboxProcess upstream,
                                       Map<String, String> env, List<String> jvmArgs) {
        Map<String, String> all = new HashMap<>();
        all.put("GATEWAY_PORT", "0");
        all.put("JSON2VIDEO_BASE_URL", upstream.baseUrl());
        all.put("JSON2VIDEO_API_KEY", upstream.apiKey());
        all.put("GATEWAY_API_KEYS", "bench:" + KEY);
        all.put("GATEWAY_QUEUE_LIMIT", "100000");
        all.put("GATEWAY_TENANT_QUEUE_LIMIT", "100000");
        all.putAll(env);
        List<String> command = new ArrayList<>();
        command.add(workspace.java());
        command.addAll(jvmArgs);
        String extra = System.getenv("BENCH_GATEWAY_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", workspace.gatewayJar().toString()));
        ChildProcess child = ChildProcess.start(name, command, all, workspace.log(name));
        try {
            long nanos = child.nanosUntil(LISTENING, Duration.ofSeconds(30));
            int port = Integer.parseInt(child.await(LISTENING, Duration.ZERO).group(1));
            return new GatewayProcess(child, port, nanos);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** The gateway's base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Its process id (for jcmd). */
    public long pid() {
        return child.pid();
    }

    /** Time from launch to the {@code listening on port} line. */
    public Duration timeToListening() {
        return Duration.ofNanos(nanosToListening);
    }

    /** {@link System#nanoTime()} at launch. */
    public long launchedAtNanos() {
        return child.launchedAtNanos();
    }

    /** The {@code Authorization} header of the benchmark tenant. */
    public static Map<String, String> bearer() {
        return Map.of("authorization", "Bearer " + KEY);
    }

    @Override
    public void close() {
        child.close();
    }
}
