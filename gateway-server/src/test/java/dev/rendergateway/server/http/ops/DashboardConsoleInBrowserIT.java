package dev.rendergateway.server.http.ops;

import static dev.rendergateway.server.http.ops.BrowserPrerequisites.ARTIFACTS;
import static dev.rendergateway.server.http.ops.BrowserPrerequisites.BROWSER_DIR;
import static dev.rendergateway.server.http.ops.BrowserPrerequisites.CHROMIUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard as a console, in a real browser (Debian's chromium driven by playwright-core from
 * {@code src/test/browser/dashboard-console-check.mjs}) against a gateway on its embedded sandbox that lets the
 * tenant have one render in flight, so renders behind a long one stay queued: the sandbox notice; paging
 * (13 renders, 10 a page) and the status filter over {@code GET /v1/renders}; local times with the ISO value as
 * title; listed rows moving live over SSE; cancelling a queued render, and a refused cancel (409) showing the
 * problem's detail; a done render's thumbnail really loaded, its duration; an error's code and message; no
 * horizontal overflow at 375x667; the key in no URL. Screenshots go to {@code target/test-artifacts/}. Fails,
 * never skips, when chromium, node or the npm packages are missing.
 */
class DashboardConsoleInBrowserIT {

    private static final String KEY = "console-test-key-0123456789";

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void pagesFiltersCancelsAndShowsOutcomesOnADesktopAndAPhone() throws Exception {
        BrowserPrerequisites.assertPresent();
        List<String> output = new ArrayList<>();
        Process node;
        try (RenderGateway gateway = RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_PORT", "0",
                "GATEWAY_API_KEYS", "dev:" + KEY,
                "GATEWAY_POLL_INTERVAL", "250ms",
                // One render of the tenant submitting or running at a time: the others wait, queued.
                "GATEWAY_TENANT_MAX_IN_FLIGHT", "1")))) {
            ProcessBuilder script = new ProcessBuilder("node", "dashboard-console-check.mjs")
                    .directory(BROWSER_DIR.toFile())
                    .redirectErrorStream(true);
            script.environment().putAll(Map.of(
                    "GATEWAY_URL", "http://127.0.0.1:" + gateway.port() + "/",
                    "GATEWAY_KEY", KEY,
                    "ARTIFACTS_DIR", ARTIFACTS.toAbsolutePath().toString(),
                    "CHROMIUM", CHROMIUM.toString()));
            node = script.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    System.out.println("[browser] " + line);
                }
            } finally {
                node.destroyForcibly();
            }
        }
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("node's exit code; output:%n%s", String.join("\n", output)).isZero();
        assertThat(output).contains("PASS");
        assertThat(ARTIFACTS.resolve("dashboard-console.png")).exists().isNotEmptyFile();
        assertThat(ARTIFACTS.resolve("dashboard-phone.png")).exists().isNotEmptyFile();
    }
}
