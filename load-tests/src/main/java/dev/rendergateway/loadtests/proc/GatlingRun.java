package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a simulation of {@code load-tests/gatling} through its Maven plugin ({@code test-compile gatling:test}) in a
 * child process, with {@code bench.*} system properties; returns the folder of its HTML report.
 */
public record GatlingRun(Workspace workspace, String simulationClass) {
    private static final Pattern FINISHED = Pattern.compile("GATLING_EXIT (\\d+)");

    /** The command line, for the report (properties elided). */
    public String commandLine() {
        return "mvn -q -B -f load-tests/gatling/pom.xml test-compile gatling:test -Dgatling.simulationClass="
                + simulationClass + " -Dbench.…";
    }

    /** Runs the simulation with these properties; the report folder it wrote (the newest under target/gatling). */
    public Path run(String name, Map<String, String> properties, Duration limit) {
        Path results = workspace.root().resolve("load-tests/gatling/target/gatling").toAbsolutePath();
        List<String> mvn = new ArrayList<>(List.of("mvn", "-q", "-B"));
        String extra = System.getenv().getOrDefault("BENCH_MAVEN_ARGS", "").trim();
        if (!extra.isEmpty()) {
            mvn.addAll(List.of(extra.split("\\s+")));
        }
        mvn.addAll(List.of("-f", workspace.root().resolve("load-tests/gatling/pom.xml").toString(),
                "test-compile", "gatling:test", "-Dgatling.simulationClass=" + simulationClass));
        properties.forEach((key, value) -> mvn.add("-D" + key + "=" + value));
        String command = String.join(" ", mvn.stream().map(GatlingRun::quoted).toList());
        try (ChildProcess child = ChildProcess.start(name, List.of("bash", "-c", command + "; echo GATLING_EXIT $?"),
                Map.of(), workspace.log(name))) {
            String code = child.await(FINISHED, limit).group(1);
            if (!"0".equals(code)) {
                throw new IllegalStateException(name + ": Gatling exited with " + code + "; see its log");
            }
        }
        return latestReport(results);
    }

    private static Path latestReport(Path results) {
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("Gatling wrote no report in " + results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
