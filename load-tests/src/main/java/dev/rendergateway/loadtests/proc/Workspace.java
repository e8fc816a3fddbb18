package dev.rendergateway.loadtests.proc;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run finds the jars and writes its logs, results and report.
 *
 * @param root      the repository root
 * @param gatewayJar {@code gateway-server/target/render-gateway.jar}
 * @param benchJar  the jar (or classes directory) this harness runs from, also used for its child processes
 * @param runDir    logs and scratch files of this run
 * @param resultsDir one JSON file per scenario
 * @param docsDir   {@code docs}: the generated {@code benchmarks.md} and its charts
 */
public record Workspace(Path root, Path gatewayJar, Path benchJar, Path runDir, Path resultsDir, Path docsDir) {

    /** The layout under {@code root}; smoke runs keep their results apart from the full run's. */
    public static Workspace at(Path root, boolean smoke) {
        Path target = root.resolve("load-tests/target");
        String flavour = smoke ? "bench-smoke" : "bench";
        return new Workspace(root, root.resolve("gateway-server/target/render-gateway.jar"), ownJar(),
                target.resolve(flavour + "-run"), target.resolve(flavour + "-results"), root.resolve("docs"));
    }

    /** The java executable running this harness. */
    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A log file for a child process of this run. */
    public Path log(String name) {
        return runDir.resolve(name + ".log");
    }

    /** Fails with a clear message when the gateway jar has not been built. */
    public Workspace requireBuilt() {
        if (!Files.isRegularFile(gatewayJar)) {
            throw new IllegalStateException(gatewayJar + " is missing: build with mvn -q -B -DskipTests package");
        }
        return this;
    }

    private static Path ownJar() {
        try {
            return Path.of(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
