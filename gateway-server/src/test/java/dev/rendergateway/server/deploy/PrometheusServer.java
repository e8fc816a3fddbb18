package dev.rendergateway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.testkit.Eventually;
import dev.rendergateway.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) on a free loopback port, with a configuration
 * and storage of its own in a directory the spec owns; its HTTP API read with blocking calls on the test thread.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts Prometheus with {@code configuration} (YAML) in {@code directory}; returns once it is ready. */
    static PrometheusServer start(Path directory, String configuration) {
        assertThat(BINARY).as("prometheus (apt-get install prometheus, or ./test.sh)").isExecutable();
        try {
            Path config = Files.writeString(directory.resolve("prometheus.yml"), configuration);
            Path log = directory.resolve("prometheus.log");
            int port = FreePort.pick().port();
            Process process = new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                Eventually.await("Prometheus ready on port " + port, Duration.ofSeconds(30), server::ready);
            } catch (AssertionError e) {
                server.close();
                throw new AssertionError(e.getMessage() + "; its log:\n" + server.log(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer of {@code /api/v1/query} to {@code promql}, evaluated now. */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The JSON answer of a path of its HTTP API, whatever its status (an error answer is JSON too). */
    JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What Prometheus logged so far, for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
