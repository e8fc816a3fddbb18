package dev.rendergateway.loadtests.sse;

import dev.rendergateway.loadtests.proc.Pause;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.NchanProcess;
import dev.rendergateway.loadtests.proc.ProcessTreeRss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fan-out's same-run baseline: nginx + nchan, subscribers on one channel through the same client processes as
 * the gateway's, and the harness publishing {@code {"updatedAt":"<now>"}} once a second once they are connected, as
 * one render changes about once a second in the gateway's phases. One message is published before the clients
 * connect: nchan hands it to each new subscriber as its first (catch-up) event, which the clients do not measure.
 */
public final class NchanRun {
    /** The name {@code BENCH_FANOUT_PHASES} picks it by. */
    public static final String NAME = "nchan";

    private final Workspace workspace;
    private final Duration window;

    /** Runs with a measuring window of {@code window}. */
    public NchanRun(Workspace workspace, Duration window) {
        this.workspace = workspace;
        this.window = window;
    }

    /** Runs it with {@code subscribers}; its outcome. nginx and the clients are stopped when it returns or fails. */
    public NchanOutcome run(int subscribers) {
        String prefix = "fanout-" + NAME;
        try (NchanProcess nchan = NchanProcess.start(workspace, prefix);
             ClientFleet clients = new ClientFleet(workspace, prefix)) {
            nchan.publish(message()).block(Duration.ofSeconds(30));
            ProcessTreeRss before = nchan.rss();
            clients.connect(FanoutLayout.split(subscribers, 1, FanoutRun.PER_PROCESS), List.of(nchan.baseUrl()),
                    paths(prefix), FanoutRun.BATCH);
            Integer counted = nchan.publish(message()).block(Duration.ofSeconds(30));
            Disposable publisher = Flux.interval(Duration.ofSeconds(1))
                    .concatMap(tick -> nchan.publish(message()).onErrorResume(e -> Mono.empty()))
                    .subscribe();
            try {
                Pause.of(FanoutRun.EVENTS_BEFORE_MEASURING);
                ProcessTreeRss after = nchan.rss();
                return new NchanOutcome(clients.measure(window), before, after, counted == null ? -1 : counted);
            } finally {
                publisher.dispose();
            }
        }
    }

    private static String message() {
        return "{\"updatedAt\":\"" + Instant.now() + "\"}";
    }

    private Path paths(String prefix) {
        Path file = workspace.runDir().resolve(prefix + "-paths.txt");
        try {
            Files.write(file, List.of(NchanProcess.SUBSCRIBE_PATH));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
