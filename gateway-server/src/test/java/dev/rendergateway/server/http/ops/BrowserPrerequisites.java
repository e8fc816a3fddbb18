package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the browser specs need, checked before they start: Debian's chromium, node, and playwright-core installed
 * by the build under {@code src/test/browser}. A missing part fails the spec with the command that installs it.
 */
final class BrowserPrerequisites {

    /** Where the browser scripts and their {@code node_modules} live. */
    static final Path BROWSER_DIR = Path.of("src/test/browser");
    /** The chromium binary ({@code CHROMIUM} overrides Debian's path). */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    /** Where screenshots are kept. */
    static final Path ARTIFACTS = Path.of("target/test-artifacts");

    private BrowserPrerequisites() {
    }

    /** Fails, naming what to install, unless chromium, node and playwright-core are all there. */
    static void assertPresent() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("chromium is missing at " + CHROMIUM + ": apt-get install -y chromium (see ./test.sh)");
        }
        if (!Files.isRegularFile(BROWSER_DIR.resolve("node_modules/playwright-core/package.json"))) {
            fail("playwright-core is missing: run 'npm ci' in " + BROWSER_DIR.toAbsolutePath()
                    + " (mvn does it when node_modules is absent)");
        }
        Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
            fail("node is missing or broken: Node 18+ must be on the PATH");
        }
        Files.createDirectories(ARTIFACTS);
    }
}
