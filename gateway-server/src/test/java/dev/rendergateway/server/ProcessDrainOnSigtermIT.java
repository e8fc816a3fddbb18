package dev.rendergateway.server;

import dev.rendergateway.server.logging.JsonLogging;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.testkit.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * The real process, configured from a {@code --config} file: SIGTERM drains it within GATEWAY_DRAIN_TIMEOUT
 * with its event-stream clients told to go; every line it wrote is JSON, and none holds a key, token or secret.
 */
class ProcessDrainOnSigtermIT {

    private static final String GATEWAY_KEY = "acme-process-key-0123456789";
    private static final String TOKEN_SECRET = "process-token-secret-0123456789-0123456789";
    private static final String HOOK_SECRET = "process-hook-secret-0123456789-0123456789";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void drainsOnSigtermWithinTheBoundTellingStreamsToGoAndLogsOnlyJsonWithoutSecrets(@TempDir Path dir)
            throws Exception {
        try (Json2VideoSandbox sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
                .renderTime(Duration.ofHours(1)).build())) {
            Path config = dir.resolve("gateway.env");
            Files.writeString(config, String.join("\n",
                    "# render-gateway configuration",
                    "GATEWAY_PORT=0",
                    "JSON2VIDEO_BASE_URL=" + sandbox.baseUrl(),
                    "JSON2VIDEO_API_KEY=" + sandbox.apiKey(),
                    "GATEWAY_API_KEYS=acme:" + GATEWAY_KEY,
                    "GATEWAY_POLL_INTERVAL=200ms",
                    "GATEWAY_TOKEN_SECRET=" + TOKEN_SECRET,
                    "GATEWAY_HOOK_SECRET=" + HOOK_SECRET,
                    "GATEWAY_DRAIN_TIMEOUT=" + DRAIN_TIMEOUT.toSeconds() + "s", ""));
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-D" + JsonLogging.PROPERTY + "=json",
                    "-cp", System.getProperty("java.class.path"),
                    "dev.rendergateway.server.RenderGatewayMain", "--config", config.toString())
                    // To a file, not a pipe: Process.destroy() closes our end of its pipes, losing the drain's lines.
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
            Output lines = new Output(dir.resolve("gateway.log"));
            try {
                Eventually.await("listening", Duration.ofSeconds(20), () -> port(lines) > 0);
                GatewayClient client = new GatewayClient(port(lines));
                Reply created = client.post("/v1/renders", GATEWAY_KEY, Bodies.render(Movies.hello()));
                String id = created.json().path("id").asText();
                String token = client.post("/v1/tokens", GATEWAY_KEY, "{}").json().path("token").asText();
                Eventually.await("running", Duration.ofSeconds(5),
                        () -> client.get("/v1/renders/" + id, GATEWAY_KEY).body().contains("\"running\""));
                AtomicReference<String> stream = new AtomicReference<>("");
                Disposable watching = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port(lines)).get()
                        .uri("/v1/events?access_token=" + token).responseContent().asString(StandardCharsets.UTF_8)
                        .subscribe(chunk -> stream.updateAndGet(text -> text + chunk));
                Eventually.await("the stream's first event", Duration.ofSeconds(5),
                        () -> stream.get().contains(id));

                long start = System.nanoTime();
                process.destroy();
                boolean exited = process.waitFor(DRAIN_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                watching.dispose();

                assertThat(exited).as("exited within the drain bound").isTrue();
                assertThat(took).isLessThan(DRAIN_TIMEOUT.plusSeconds(1));
                assertThat(process.exitValue()).as("terminated by SIGTERM").isEqualTo(143);
                assertThat(stream.get()).contains(": shutting down; reconnect");
                List<String> written = lines.get();
                assertThat(written).anyMatch(line -> line.contains("drained in"));
                assertThat(written).allSatisfy(line -> assertThat(isJsonObject(line)).as(line).isTrue());
                assertThat(String.join("\n", written)).doesNotContain(GATEWAY_KEY, sandbox.apiKey(), token,
                        TOKEN_SECRET, HOOK_SECRET);
                System.out.printf("process drained on SIGTERM in %d ms (bound %d ms), %d log lines%n",
                        took.toMillis(), DRAIN_TIMEOUT.toMillis(), written.size());
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static int port(Output output) {
        for (String line : output.get()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    private static boolean isJsonObject(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && node.has("level") && node.has("message");
        } catch (IOException e) {
            return false;
        }
    }

    /** The process's output file, read whole on each call, as non-blank lines. */
    private record Output(Path file) {
        List<String> get() {
            try {
                return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank()).toList() : List.of();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
