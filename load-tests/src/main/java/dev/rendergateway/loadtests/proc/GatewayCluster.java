package dev.rendergateway.loadtests.proc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gateways in front of one sandbox: a single gateway keeping its state in memory, or several sharing one
 * redis-server ({@code GATEWAY_REDIS_URL}) as a deployment of several instances does: one budget, one queue, and
 * events published by whichever gateway polls a render reach the subscribers of every gateway. Started one after
 * the other (2 cores); closing stops them all, then Redis.
 */
public final class GatewayCluster implements AutoCloseable {
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private RedisProcess redis;

    private GatewayCluster() {
    }

    /**
     * Starts {@code count} gateways (with a redis-server of their own when more than one) in front of {@code sandbox},
     * each with {@code env} and {@code jvmArgs} (see {@link GatewayProcess#start}); named {@code prefix-gateway[-i]}.
     */
    public static GatewayCluster start(Workspace workspace, String prefix, SandboxProcess sandbox, int count,
                                       Map<String, String> env, List<String> jvmArgs) {
        GatewayCluster cluster = new GatewayCluster();
        try {
            Map<String, String> all = new HashMap<>(env);
            if (count > 1) {
                cluster.redis = RedisProcess.start(workspace, prefix + "-redis");
                all.put("GATEWAY_REDIS_URL", cluster.redis.url());
            }
            for (int i = 0; i < count; i++) {
                String name = prefix + "-gateway" + (count > 1 ? "-" + i : "");
                cluster.gateways.add(GatewayProcess.start(workspace, name, sandbox, all, jvmArgs));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The first gateway. */
    public GatewayProcess first() {
        return gateways.get(0);
    }

    /** Every gateway's base URL, in order. */
    public List<String> baseUrls() {
        return gateways.stream().map(GatewayProcess::baseUrl).toList();
    }

    /** How many gateways. */
    public int size() {
        return gateways.size();
    }

    /** The gateways' memory after a full GC in each, summed (they need {@code -XX:NativeMemoryTracking=summary}). */
    public JvmMemory memory() {
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
}
