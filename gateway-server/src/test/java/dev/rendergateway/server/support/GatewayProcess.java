package dev.rendergateway.server.support;

import dev.rendergateway.server.logging.JsonLogging;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a process of its own ({@code java -cp <test class path> RenderGatewayMain}), configured by
 * environment variables, ready once it logs {@code listening on port N}; it can be killed with SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private GatewayProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "gateway-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a gateway with exactly these variables (plus PATH and JAVA_HOME) and waits until it listens. */
    public static GatewayProcess start(String name, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                // The production logging, not a test module's quiet logback-test.xml on the same class path.
                "-D" + JsonLogging.PROPERTY + "=json", "-cp", classPath,
                "dev.rendergateway.server.RenderGatewayMain").redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_") || key.startsWith("JSON2VIDEO_"));
        builder.environment().putAll(env);
        builder.directory(new File(System.getProperty("java.io.tmpdir")));
        try {
            GatewayProcess gateway = new GatewayProcess(name, builder.start());
            gateway.awaitListening(Duration.ofSeconds(30));
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port.join();
    }

    public GatewayClient client() {
        return new GatewayClient(port());
    }

    /** Everything it logged so far. */
    public List<String> log() {
        return List.copyOf(lines);
    }

    /** SIGKILL: no shutdown hook, nothing released, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitListening(Duration limit) {
        try {
            port.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            kill();
            throw new IllegalStateException("gateway " + name + " did not start within " + limit + ":\n"
                    + String.join("\n", lines), e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("gateway " + name + " exited"));
    }
}
