package dev.rendergateway.loadtests.proc;

import dev.rendergateway.testkit.FreePort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Debian's {@code redis-server} on a free loopback port, without persistence ({@code --save '' --appendonly no}):
 * the shared state of several gateway processes ({@code GATEWAY_REDIS_URL}).
 */
public final class RedisProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Ready to accept connections");

    private final ChildProcess child;
    private final int port;

    private RedisProcess(ChildProcess child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts it and waits until it accepts connections. */
    public static RedisProcess start(Workspace workspace, String name) {
        int port = FreePort.pick().port();
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", workspace.runDir().toAbsolutePath().toString(),
                "--loglevel", "notice");
        ChildProcess child = ChildProcess.start(name, command, Map.of(), workspace.log(name));
        try {
            child.await(READY, Duration.ofSeconds(10));
            return new RedisProcess(child, port);
        } catch (RuntimeException e) {
            child.close();
            throw new IllegalStateException(e.getMessage() + " (is redis-server installed? apt-get install -y "
                    + "redis-server)", e);
        }
    }

    /** The URL gateways take in {@code GATEWAY_REDIS_URL}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        child.close();
    }
}
