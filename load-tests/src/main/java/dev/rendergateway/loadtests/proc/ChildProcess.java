package dev.rendergateway.loadtests.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child process whose merged output is copied to a log file and can be awaited line by line; closed = stopped. */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final long launchedAtNanos;
    private final List<LogLine> lines = new ArrayList<>();
    private boolean drained;

    private ChildProcess(String name, Process process, long launchedAtNanos) {
        this.name = name;
        this.process = process;
        this.launchedAtNanos = launchedAtNanos;
    }

    /** Launches {@code command} with {@code env} added to this process's environment, logging to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            long launched = System.nanoTime();
            ChildProcess child = new ChildProcess(name, builder.start(), launched);
            Thread pump = new Thread(() -> child.pump(log), name + "-log");
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** The first line matching {@code pattern} (waiting for it), or an exception naming the log on timeout/exit. */
    public Matcher await(Pattern pattern, Duration timeout) {
        return awaitLine(pattern, 0, timeout).matcher;
    }

    /** The {@code n}-th (from 0) line matching {@code pattern}, waiting for it. */
    public Matcher awaitNth(Pattern pattern, int n, Duration timeout) {
        return awaitLine(pattern, n, timeout).matcher;
    }

    /** Writes one line to the process's stdin. */
    public void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name, e);
        }
    }

    /** When the first line matching {@code pattern} was read, in nanoseconds after launch. */
    public long nanosUntil(Pattern pattern, Duration timeout) {
        return awaitLine(pattern, 0, timeout).line.readAtNanos() - launchedAtNanos;
    }

    /** {@link System#nanoTime()} at launch. */
    public long launchedAtNanos() {
        return launchedAtNanos;
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end by itself; its exit code, or -1 if it still runs. */
    public int waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        if (waitFor(Duration.ofSeconds(5)) == -1 && process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(5));
        }
    }

    private Found awaitLine(Pattern pattern, int skip, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        int matches = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen).text());
                    if (matcher.find() && matches++ == skip) {
                        return new Found(lines.get(seen), matcher);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || drained && seen == lines.size()) {
                    throw new IllegalStateException(name + " did not print /" + pattern + "/ within " + timeout
                            + (drained ? " (it exited)" : "") + "; see its log");
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    private void pump(Path log) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                long now = System.nanoTime();
                synchronized (lines) {
                    lines.add(new LogLine(text, now));
                    lines.notifyAll();
                }
                out.write(text);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // the process ended or its pipe closed: nothing more to copy
        }
        synchronized (lines) {
            drained = true;
            lines.notifyAll();
        }
    }

    private record Found(LogLine line, Matcher matcher) {
    }
}
