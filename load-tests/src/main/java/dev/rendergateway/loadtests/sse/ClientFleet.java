package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link SseClientMain} processes of one phase: started together (each opening its streams in batches), then
 * told together to measure, then stopped together; closing stops any still running.
 */
final class ClientFleet implements AutoCloseable {
    private static final Duration CONNECT_LIMIT = Duration.ofMinutes(8);

    private final Workspace workspace;
    private final String prefix;
    private final List<SseClientProcess> clients = new ArrayList<>();
    private double connectSeconds;

    ClientFleet(Workspace workspace, String prefix) {
        this.workspace = workspace;
        this.prefix = prefix;
    }

    /**
     * Starts one client per share, towards {@code baseUrls.get(share.server())}, over the event-stream paths in
     * {@code paths}, each opening {@code batch} streams at a time, and waits until each stream got its first event or
     * failed; the seconds that took.
     */
    double connect(List<ClientShare> shares, List<String> baseUrls, Path paths, int batch) {
        long start = System.nanoTime();
        for (int i = 0; i < shares.size(); i++) {
            ClientShare share = shares.get(i);
            clients.add(SseClientProcess.start(workspace, prefix + "-client-" + i, baseUrls.get(share.server()),
                    GatewayProcess.KEY, paths, share.subscribers(), share.source(), batch));
        }
        long deadline = start + CONNECT_LIMIT.toNanos();
        for (SseClientProcess client : clients) {
            client.awaitConnected(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        connectSeconds = (System.nanoTime() - start) / 1e9;
        return connectSeconds;
    }

    /** After a second's pause, has every client record delays for {@code window}, then stops them; their sum. */
    FleetReport measure(Duration window) {
        Pause.of(Duration.ofSeconds(1));
        clients.forEach(SseClientProcess::measure);
        Pause.of(window);
        return FleetReport.merge(clients.stream().map(SseClientProcess::stop).toList(), connectSeconds);
    }

    @Override
    public void close() {
        clients.forEach(SseClientProcess::close);
    }

}
