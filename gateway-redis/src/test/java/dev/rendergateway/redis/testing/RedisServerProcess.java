package dev.rendergateway.redis.testing;

import dev.rendergateway.testkit.Eventually;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) on a free port, as a child of the test JVM, with no
 * persistence. A missing {@code redis-server} fails the test, never skips it: CI installs it ({@code .ci/run}).
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final List<String> LOCATIONS = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

    private volatile Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server and waits until it accepts connections. */
    public static RedisServerProcess start() {
        int port = freePort();
        RedisServerProcess server = new RedisServerProcess(launch(port), port);
        server.awaitReady(Duration.ofSeconds(10));
        return server;
    }

    /**
     * Kills the server (SIGKILL) and starts a new one on the same port: without persistence it comes back
     * empty, as a Redis restarted without AOF or snapshots does. Returns once the new one answers.
     */
    public void restartEmpty() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = launch(port);
        awaitReady(Duration.ofSeconds(10));
    }

    private static Process launch(int port) {
        String binary = binary();
        try {
            Path dir = Files.createTempDirectory("redis-test");
            return new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** The server process id, e.g. to pause it. */
    public long pid() {
        return process.pid();
    }

    /** Runs {@code redis-cli} against this server and returns its output (e.g. {@code FLUSHALL}). */
    public String cli(String... command) {
        String[] line = new String[command.length + 3];
        line[0] = binary().replace("redis-server", "redis-cli");
        line[1] = "-p";
        line[2] = Integer.toString(port);
        System.arraycopy(command, 0, line, 3, command.length);
        try {
            Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(cli.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out = String.join("\n", reader.lines().toList());
            }
            cli.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Empties every database. */
    public void flushAll() {
        cli("FLUSHALL");
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing answers, no data is lost. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    @Override
    public void close() {
        thaw();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration limit) {
        try {
            Eventually.await("redis-server answers PING", limit, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited with " + process.exitValue());
                }
                return "PONG".equals(cli("PING").trim());
            });
        } catch (AssertionError | IllegalStateException e) {
            close();
            throw e;
        }
    }

    private static String binary() {
        for (String location : LOCATIONS) {
            if (new File(location).canExecute()) {
                return location;
            }
        }
        throw new IllegalStateException("redis-server is not installed: the Redis specs need it "
                + "(apt-get install -y redis-server; .ci/run installs it)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
