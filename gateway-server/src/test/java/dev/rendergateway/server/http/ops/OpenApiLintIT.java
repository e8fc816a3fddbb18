package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * openapi.json passes Redocly's recommended lint rules (src/test/openapi-lint/redocly.yaml) with no error and no
 * warning, run by the @redocly/cli version pinned in that folder's package-lock.json (npm ci by the build when
 * node_modules is absent). Fails, never skips, when node or the package is missing.
 */
class OpenApiLintIT {

    private static final Path LINT_DIR = Path.of("src/test/openapi-lint");
    private static final Path DOCUMENT = Path.of("src/main/resources/openapi.json");
    private static final Path REPORT = Path.of("target/test-artifacts/redocly-lint.json");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void redoclyRecommendedRulesFindNoErrorAndNoWarning() throws Exception {
        assertPrerequisites();
        Files.createDirectories(REPORT.getParent());
        Path log = REPORT.resolveSibling("redocly-lint.log");
        ProcessBuilder command = new ProcessBuilder("npx", "--no-install", "redocly", "lint",
                "--config", "redocly.yaml", "--format", "json", DOCUMENT.toAbsolutePath().toString())
                .directory(LINT_DIR.toFile())
                .redirectOutput(REPORT.toFile())
                .redirectError(log.toFile());
        // No usage report to Redocly and no update check: the build talks to the npm registry only through npm ci.
        command.environment().put("REDOCLY_TELEMETRY", "off");
        command.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process lint = command.start();
        lint.getOutputStream().close();
        if (!lint.waitFor(100, TimeUnit.SECONDS)) {
            lint.destroyForcibly();
            fail("redocly lint did not finish within 100 s; its log:%n%s", Files.readString(log));
        }

        String output = Files.readString(REPORT, StandardCharsets.UTF_8);
        JsonNode report = new ObjectMapper().readTree(output);
        assertThat(report.path("problems")).as("redocly problems (log: %s)", Files.readString(log)).isEmpty();
        assertThat(report.path("totals").path("errors").asInt(-1)).isZero();
        assertThat(report.path("totals").path("warnings").asInt(-1)).isZero();
        assertThat(report.path("version").asText()).isEqualTo(pinnedVersion());
        assertThat(lint.exitValue()).as("redocly's exit code; log:%n%s", Files.readString(log)).isZero();
    }

    /** The @redocly/cli version the lock file pins. */
    private static String pinnedVersion() throws IOException {
        JsonNode lock = new ObjectMapper().readTree(LINT_DIR.resolve("package-lock.json").toFile());
        return lock.path("packages").path("node_modules/@redocly/cli").path("version").asText();
    }

    private static void assertPrerequisites() throws IOException, InterruptedException {
        if (!Files.isRegularFile(LINT_DIR.resolve("node_modules/@redocly/cli/package.json"))) {
            fail("@redocly/cli is missing: run 'npm ci' in " + LINT_DIR.toAbsolutePath()
                    + " (mvn does it when node_modules is absent)");
        }
        Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
            fail("node is missing or broken: Node 18+ must be on the PATH");
        }
    }
}
