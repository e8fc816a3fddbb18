package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import dev.rendergateway.loadtests.proc.JvmMemory;
import dev.rendergateway.loadtests.proc.RedisProcess;
import dev.rendergateway.loadtests.proc.SandboxProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateways of one fan-out phase in front of one sandbox: a single gateway keeping its state in memory, or several
 * sharing one redis-server ({@code GATEWAY_REDIS_URL}), where an event published by whichever gateway polls a render
 * reaches the subscribers of every gateway. Started one after the other (2 cores); closing stops them all, then Redis.
 */
final class GatewayCluster implements AutoCloseable {
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private RedisProcess redis;

    private GatewayCluster() {
    }

    /** Starts {@code count} gateways (with a redis-server of their own when more than one) in front of {@code sandbox}. */
    static GatewayCluster start(Workspace workspace, String prefix, SandboxProcess sandbox, int count) {
        GatewayCluster cluster = new GatewayCluster();
        try {
            Map<String, String> env = new HashMap<>(Map.of("GATEWAY_POLL_INTERVAL", "1s",
                    "GATEWAY_UPSTREAM_RATE", "5000",
                    // One tenant holds every subscriber here; the default cap is 5,000 streams per tenant.
                    "GATEWAY_TENANT_MAX_STREAMS", "1000000"));
            if (count > 1) {
                cluster.redis = RedisProcess.start(workspace, prefix + "-redis");
                env.put("GATEWAY_REDIS_URL", cluster.redis.url());
            }
            for (int i = 0; i < count; i++) {
                String name = prefix + "-gateway" + (count > 1 ? "-" + i : "");
                cluster.gateways.add(GatewayProcess.start(workspace, name, sandbox, env, jvmArgs()));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The gateway renders are submitted through. */
    GatewayProcess first() {
        return gateways.get(0);
    }

    /** Every gateway's base URL, in order. */
    List<String> baseUrls() {
        return gateways.stream().map(GatewayProcess::baseUrl).toList();
    }

    /** How many gateways. */
    int size() {
        return gateways.size();
    }

    /** The gateways' memory after a full GC in each, summed. */
    JvmMemory memory() {
        return gateways.parallelStream().map(g -> JvmMemory.measure(g.pid())).reduce(JvmMemory::plus).orElseThrow();
    }

    /** Stops the gateways all at once (each drains its streams on SIGTERM, up to 5 s), then Redis. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (GatewayProcess gateway : gateways) {
            Thread thread = new Thread(gateway::close, "stop-" + gateway.pid());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Native memory tracking, for the memory figures. */
    private static List<String> jvmArgs() {
        return List.of("-XX:NativeMemoryTracking=summary");
    }
}
