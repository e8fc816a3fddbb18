package dev.rendergateway.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.client.LiveGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The built jar ({@code java -jar render-gateway-cli.jar}) as a user runs it, against a real gateway on a free port. */
class CliJarIT {

    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "render-gateway-cli.jar");

    @Test
    void submitWaitFromStdinPrintsOneJsonLinePerFinishedRenderAndExits0() throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        String ndjson = IntStream.rangeClosed(1, 5)
                .mapToObj(n -> n == 5 ? LiveGateway.movie("bare movie").toString()
                        : "{\"movie\":" + LiveGateway.movie("jar") + ",\"metadata\":{\"n\":" + n + "}}")
                .collect(Collectors.joining("\n", "", "\n"));

        try (LiveGateway gateway = LiveGateway.start()) {
            Process cli = start(gateway, "submit", "--wait", "-");
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(cli.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(cli.getErrorStream()));
            try (OutputStream stdin = cli.getOutputStream()) {
                stdin.write(ndjson.getBytes(StandardCharsets.UTF_8));
            }

            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
            assertThat(cli.exitValue()).as(err.get()).isZero();
            List<JsonNode> lines = Arrays.stream(out.get().split("\n")).map(LiveGateway::json).toList();
            assertThat(lines).hasSize(5)
                    .allSatisfy(render -> assertThat(render.get("status").asText()).isEqualTo("done"));
            assertThat(lines).extracting(render -> render.get("id").asText()).doesNotHaveDuplicates();
            assertThat(err.get()).contains("done 100%").doesNotContain("Exception");
        }
    }

    @Test
    void anUnreachableGatewayIsExit2WithOneLineOnStderr() throws Exception {
        Process cli = new ProcessBuilder(java(), "-jar", JAR.toString(), "--url", "http://127.0.0.1:1", "--key", "k",
                "list").start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(cli.getErrorStream()));

        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(2);
        assertThat(err.get().strip().split("\n")).singleElement().asString()
                .startsWith("render-gateway: cannot reach the gateway at http://127.0.0.1:1");
    }

    private static Process start(LiveGateway gateway, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("RENDER_GATEWAY_URL", gateway.url());
        builder.environment().put("RENDER_GATEWAY_KEY", LiveGateway.KEY);
        return builder.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
