package dev.rendergateway.loadtests.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.proc.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** An {@link SseClientMain} child process, driven over its stdin. */
public final class SseClientProcess implements AutoCloseable {
    private static final Pattern CONNECTED = Pattern.compile("CONNECTED (\\d+) failed (\\d+)");
    private static final Pattern RESULT = Pattern.compile("RESULT (\\{.*})");

    private final ChildProcess child;
    private final int subscribers;
    private final int batch;

    private SseClientProcess(ChildProcess child, int subscribers, int batch) {
        this.child = child;
        this.subscribers = subscribers;
        this.batch = batch;
    }

    /**
     * Starts a client holding {@code subscribers} streams over {@code pathsFile}, from {@code source}, opening them
     * {@code batch} at a time.
     */
    public static SseClientProcess start(Workspace workspace, String name, String baseUrl, String key, Path pathsFile,
                                         int subscribers, String source, int batch) {
        List<String> command = List.of(workspace.java(), "-Xmx1g", "-XX:+UseParallelGC", "-cp",
                workspace.benchJar().toString(), SseClientMain.class.getName(), baseUrl, key, pathsFile.toString(),
                Integer.toString(subscribers), source, Integer.toString(batch));
        return new SseClientProcess(ChildProcess.start(name, command, Map.of(), workspace.log(name)), subscribers,
                batch);
    }

    /** Waits until every batch got its first event or failed; how many are connected. */
    public int awaitConnected(Duration timeout) {
        int batches = (subscribers + batch - 1) / batch;
        String last = "";
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; seen < batches; seen++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            last = child.awaitNth(CONNECTED, seen, left).group(1);
        }
        return Integer.parseInt(last);
    }

    /** Tells it to start measuring delivery delays. */
    public void measure() {
        child.send("measure");
    }

    /** Tells it to stop; its report. */
    public SseClientReport stop() {
        child.send("stop");
        try {
            return new ObjectMapper().readValue(child.await(RESULT, Duration.ofSeconds(60)).group(1),
                    SseClientReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        child.close();
    }
}
