package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler (from the {@code ap-loader} artifact) attached to a running JVM for a window: CPU samples of every
 * thread (Java, JIT compiler, GC, and the kernel time of system calls; {@code itimer}, which needs no perf
 * permissions), written as JFR, then converted to collapsed stacks and an HTML flame graph.
 */
public final class CpuProfiler {
    private static final String INTERVAL = "1ms";

    private CpuProfiler() {
    }

    /** Starts sampling process {@code pid} into {@code jfr}; closing the session stops it and writes the file. */
    public static Session start(long pid, Path jfr) {
        try {
            Files.createDirectories(jfr.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        asprof("start", "-e", "itimer", "-i", INTERVAL, "-f", jfr.toAbsolutePath().toString(), Long.toString(pid));
        return new Session(pid, jfr);
    }

    /** The stacks of {@code jfr} in collapsed form ({@code frame;frame;… count} per line). */
    public static Path collapsed(Path jfr, Path out) {
        return convert(jfr, out, "-o", "collapsed");
    }

    /** An HTML flame graph of {@code jfr}, frames under 0.1 % of the samples left out. */
    public static Path flameGraph(Path jfr, Path out, String title) {
        return convert(jfr, out, "--title", title, "--minwidth", "0.1", "-o", "html");
    }

    /** Runs async-profiler's converter on the CPU samples of {@code jfr} with {@code options}, into {@code out}. */
    private static Path convert(Path jfr, Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("--cpu"));
        args.addAll(List.of(options));
        args.addAll(List.of(jfr.toAbsolutePath().toString(), out.toAbsolutePath().toString()));
        try {
            AsyncProfilerLoader.executeConverter(args.toArray(String[]::new));
            return requireWritten(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path requireWritten(Path out) {
        if (!Files.isRegularFile(out)) {
            throw new IllegalStateException("async-profiler's converter wrote no " + out);
        }
        return out;
    }

    private static void asprof(String... args) {
        try {
            AsyncProfilerLoader.executeProfiler(args);
        } catch (IOException e) {
            throw new UncheckedIOException("asprof " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /** One profiling window of one process. */
    public static final class Session implements AutoCloseable {
        private final long pid;
        private final Path jfr;
        private boolean stopped;

        private Session(long pid, Path jfr) {
            this.pid = pid;
            this.jfr = jfr;
        }

        /** The JFR file it writes on {@link #close()}. */
        public Path jfr() {
            return jfr;
        }

        /** Stops sampling and writes the file (once). */
        @Override
        public void close() {
            if (!stopped) {
                stopped = true;
                asprof("stop", "-f", jfr.toAbsolutePath().toString(), Long.toString(pid));
                requireWritten(jfr);
            }
        }
    }
}
