package dev.rendergateway.loadtests.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes scenario results as JSON and reads them back, refusing malformed ones. */
public final class ResultFiles {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    /** Results kept in {@code dir}. */
    public ResultFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code <id>.json}. */
    public Path write(ScenarioResult result) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(result.id() + ".json");
            mapper.writeValue(file.toFile(), result);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code run.json}: what the last run was and where it ran. */
    public void writeRun(RunInfo run) {
        try {
            Files.createDirectories(dir);
            mapper.writeValue(dir.resolve("run.json").toFile(), run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code run.json} back. */
    public RunInfo readRun() {
        try {
            return mapper.readValue(dir.resolve("run.json").toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("no readable run.json in " + dir + ": run the suite first", e);
        }
    }

    /** Deletes every result file, so that a full run reports only what it measured itself. */
    public void clear() {
        try (var stream = Files.list(dir)) {
            for (Path file : stream.filter(f -> f.toString().endsWith(".json") && !f.endsWith("run.json")).toList()) {
                Files.delete(file);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing to clear
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code <id>.json} back and checks it; throws naming every problem. */
    public ScenarioResult read(String id) {
        Path file = dir.resolve(id + ".json");
        ScenarioResult result;
        try {
            result = mapper.readValue(file.toFile(), ScenarioResult.class);
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not a valid result file: " + e.getMessage(), e);
        }
        List<String> problems = problems(id, result);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(file + " is malformed: " + String.join("; ", problems));
        }
        return result;
    }

    private static List<String> problems(String id, ScenarioResult result) {
        List<String> problems = new ArrayList<>();
        if (!id.equals(result.id())) {
            problems.add("id is " + result.id());
        }
        if (result.command() == null || result.command().isBlank()) {
            problems.add("no command");
        }
        if (result.figures().isEmpty()) {
            problems.add("no figures");
        }
        for (Figure figure : result.figures()) {
            if (!Double.isFinite(figure.value()) || figure.ratio() != null && !Double.isFinite(figure.ratio())) {
                problems.add("figure '" + figure.metric() + "' of " + figure.subject() + " is not a finite number");
            }
            if (figure.verdict() == null) {
                problems.add("figure '" + figure.metric() + "' has no verdict");
            }
        }
        for (Chart chart : result.charts()) {
            if (chart.series().isEmpty() || chart.series().stream().anyMatch(s -> s.ys().isEmpty())) {
                problems.add("chart " + chart.file() + " has no data");
            }
        }
        return problems;
    }
}
