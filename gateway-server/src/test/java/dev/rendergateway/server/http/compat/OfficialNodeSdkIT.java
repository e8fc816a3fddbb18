package dev.rendergateway.server.http.compat;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rendergateway.server.support.TestCertificate;
import dev.rendergateway.server.support.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official JSON2Video Node SDK ({@code json2video-sdk} 2.0.0 from npm, unmodified) as a client of the
 * gateway: its {@code render()} and {@code waitToFinish()} complete against the gateway on the sandbox. The SDK
 * dials {@code https://<host>:443}, so the gateway serves TLS with a certificate made now, node trusts it
 * through {@code NODE_EXTRA_CA_CERTS}, and {@code route-443.js}, preloaded, sends connections for
 * {@code localhost:443} to the gateway's port. Fails, never skips, when node or the npm package is missing.
 */
class OfficialNodeSdkIT {

    private static final Path SDK_DIR = Path.of("src/test/node-sdk");

    @TempDir
    Path certificates;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theOfficialSdkRendersAMovieToDoneThroughTheGatewayWithOneUpstreamSubmission() throws Exception {
        assertPrerequisites();
        TestCertificate certificate = TestCertificate.generate(certificates);
        try (TestGateway env = TestGateway.start(Map.of(
                "GATEWAY_TLS_CERT", certificate.cert().toString(),
                "GATEWAY_TLS_KEY", certificate.key().toString()))) {

            ProcessBuilder sdk = new ProcessBuilder("node", "--require", "./route-443.js", "sdk-render.js")
                    .directory(SDK_DIR.toFile())
                    .redirectErrorStream(true);
            sdk.environment().putAll(Map.of(
                    "GATEWAY_URL", "https://localhost",
                    "GATEWAY_KEY", ACME_KEY,
                    "ROUTE_443_TO_PORT", Integer.toString(env.port()),
                    "NODE_EXTRA_CA_CERTS", certificate.cert().toString(),
                    "SDK_TIMEOUT_MS", "60000"));
            List<String> output = run(sdk);

            String transcript = String.join("\n", output);
            assertThat(output).as("the SDK's connections were routed to the gateway; output:%n%s", transcript)
                    .contains("route-443: localhost:443 -> 127.0.0.1:" + env.port());
            assertThat(output).as("output:%n%s", transcript)
                    .anySatisfy(line -> assertThat(line).matches("PROJECT r_\\S+"))
                    .anySatisfy(line -> assertThat(line).matches("MOVIE_URL https?://\\S+\\.mp4"));
            assertThat(env.sandbox().counters().posts()).as("renders sent upstream").isEqualTo(1);
        }
    }

    private static List<String> run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process node = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                System.out.println("[node-sdk] " + line);
            }
        } finally {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        assertThat(node.exitValue()).as("node's exit code; output:%n%s", String.join("\n", output)).isZero();
        return output;
    }

    private static void assertPrerequisites() throws IOException, InterruptedException {
        Path sdkPackage = SDK_DIR.resolve("node_modules/json2video-sdk/package.json");
        if (!Files.isRegularFile(sdkPackage)) {
            fail("json2video-sdk is missing: run 'npm ci' in " + SDK_DIR.toAbsolutePath()
                    + " (mvn does it when node_modules is absent)");
        }
        assertThat(Files.readString(sdkPackage)).as("the pinned SDK").contains("\"version\": \"2.0.0\"");
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("node is broken: Node 18+ must be on the PATH");
            }
        } catch (IOException e) {
            fail("node is missing: Node 18+ must be on the PATH (" + e.getMessage() + ")");
        }
    }
}
