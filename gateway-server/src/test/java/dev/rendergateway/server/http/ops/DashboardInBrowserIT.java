package dev.rendergateway.server.http.ops;

import static dev.rendergateway.server.http.ops.BrowserPrerequisites.ARTIFACTS;
import static dev.rendergateway.server.http.ops.BrowserPrerequisites.BROWSER_DIR;
import static dev.rendergateway.server.http.ops.BrowserPrerequisites.CHROMIUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real browser: Debian's chromium, driven by playwright-core from
 * {@code src/test/browser}, against a gateway on its embedded sandbox. The page submits a movie, its bar
 * reaches 100 % and the video link appears; then the gateway restarts on the same port (with a new token
 * secret) and the page reconnects by itself and follows a second render. Screenshots go to
 * {@code target/test-artifacts/}. Fails, never skips, when chromium, node or the npm packages are missing.
 */
class DashboardInBrowserIT {

    private static final String KEY = "browser-test-key-0123456789";

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void showsARenderReachingOneHundredPercentAndReconnectsAfterARestart() throws Exception {
        BrowserPrerequisites.assertPresent();
        RenderGateway gateway = RenderGateway.start(config(0));
        int port = gateway.port();
        ProcessBuilder script = new ProcessBuilder("node", "dashboard-check.mjs")
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true);
        script.environment().putAll(Map.of(
                "GATEWAY_URL", "http://127.0.0.1:" + port + "/",
                "GATEWAY_KEY", KEY,
                "ARTIFACTS_DIR", ARTIFACTS.toAbsolutePath().toString(),
                "CHROMIUM", CHROMIUM.toString()));
        Process node = script.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(node.getOutputStream(),
                StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                System.out.println("[browser] " + line);
                if (line.equals("READY_FOR_RESTART")) {
                    gateway.close();
                    gateway = RenderGateway.start(config(port));
                    in.write("RESTARTED\n");
                    in.flush();
                }
            }
        } finally {
            gateway.close();
            node.destroyForcibly();
        }
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("node's exit code; output:%n%s", String.join("\n", output)).isZero();
        assertThat(output).contains("PASS");
        assertThat(ARTIFACTS.resolve("dashboard.png")).exists().isNotEmptyFile();
    }

    private static GatewayConfig config(int port) {
        // No JSON2VIDEO_API_KEY: the embedded sandbox. The page's movie asks it for a 3 s render.
        return GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_PORT", Integer.toString(port),
                "GATEWAY_API_KEYS", "dev:" + KEY,
                "GATEWAY_POLL_INTERVAL", "250ms"));
    }
}
