package dev.rendergateway.loadtests.report;

import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ResultFiles;
import dev.rendergateway.loadtests.result.RunInfo;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fills {@code benchmarks-template.md} with the results on disk: {@code {{run}}}, {@code {{summary}}} and one
 * {@code {{scenario:<id>}}} per scenario (table, charts, command, notes), and draws the charts as SVG files.
 */
public final class BenchReport {
    private final Workspace workspace;
    private final ResultFiles files;
    private final boolean smoke;
    private final List<String> ids;

    /** A report over the results of {@code files}, for the scenarios {@code ids}. */
    public BenchReport(Workspace workspace, ResultFiles files, boolean smoke, List<String> ids) {
        this.workspace = workspace;
        this.files = files;
        this.smoke = smoke;
        this.ids = List.copyOf(ids);
    }

    /** Writes the report and its charts; returns the report's path. */
    public Path write(RunInfo run) {
        Path markdown = smoke ? workspace.resultsDir().resolve("benchmarks.md")
                : workspace.docsDir().resolve("benchmarks.md");
        Path charts = markdown.getParent().resolve("benchmarks");
        List<ScenarioResult> results = new ArrayList<>();
        String text = template().replace("{{run}}", runText(run));
        for (String id : ids) {
            Optional<ScenarioResult> result = read(id);
            result.ifPresent(results::add);
            text = text.replace("{{scenario:" + id + "}}", result.map(r -> section(r, charts))
                    .orElse("_Not measured in this run: `load-tests/run.sh " + id + "`._\n"));
        }
        text = text.replace("{{summary}}", summary(results));
        try {
            Files.createDirectories(charts);
            Files.writeString(markdown, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return markdown;
    }

    private Optional<ScenarioResult> read(String id) {
        return Files.exists(workspace.resultsDir().resolve(id + ".json")) ? Optional.of(files.read(id))
                : Optional.empty();
    }

    private String section(ScenarioResult result, Path charts) {
        StringBuilder out = new StringBuilder();
        out.append("Command: `").append(result.command()).append("` (").append(String.format(Locale.ROOT, "%.0f",
                result.seconds())).append(" s in this run)\n\n");
        out.append(table(result.figures()));
        for (Chart chart : result.charts()) {
            writeChart(chart, charts);
            out.append("\n![").append(chart.title()).append("](benchmarks/").append(chart.file()).append(")\n");
        }
        for (String note : result.notes()) {
            out.append('\n').append(note).append('\n');
        }
        return out.toString();
    }

    private static String table(List<Figure> figures) {
        StringBuilder out = new StringBuilder(
                "| measured | metric | value | same-run reference | ratio | goal | met |\n|---|---|--:|---|--:|---|:-:|\n");
        for (Figure f : figures) {
            out.append("| ").append(f.subject()).append(" | ").append(f.metric()).append(" | ")
                    .append(number(f.value())).append(' ').append(f.unit()).append(" | ")
                    .append(f.reference() == null ? f.referenceName()
                            : f.referenceName() + ": " + number(f.reference()))
                    .append(" | ").append(f.ratio() == null ? "—" : ratio(f.ratio()))
                    .append(" | ").append(f.goal()).append(" | ").append(mark(f.verdict())).append(" |\n");
        }
        return out.toString();
    }

    private static String summary(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder("| measure | measured | metric | value | ratio | goal | met |\n"
                + "|---|---|---|--:|--:|---|:-:|\n");
        for (ScenarioResult result : results) {
            for (Figure f : result.figures()) {
                if (f.verdict() != Verdict.INFO) {
                    out.append("| ").append(result.title()).append(" | ").append(f.subject()).append(" | ")
                            .append(f.metric()).append(" | ").append(number(f.value())).append(' ').append(f.unit())
                            .append(" | ").append(f.ratio() == null ? "—"
                                    : ratio(f.ratio()))
                            .append(" | ").append(f.goal()).append(" | ").append(mark(f.verdict())).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    private String runText(RunInfo run) {
        return String.format(Locale.ROOT, "%s run of %s started %s, %d s, on %d cores / %d GiB, %s; load average "
                        + "(1/5/15 min) %s before, %s after.", run.smoke() ? "Smoke" : "Last", String.join(", ",
                        run.scenarios()), run.started(), run.seconds(), run.cores(), run.memoryGiB(),
                run.javaVersion(), run.loadBefore(), run.loadAfter());
    }

    private static void writeChart(Chart chart, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(chart.file()), new SvgChart(chart).render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two decimals, or two significant digits for ratios below 0.1 (0.00076×, not 0.00×). */
    private static String ratio(double ratio) {
        if (ratio != 0 && Math.abs(ratio) < 0.1) {
            return new java.math.BigDecimal(ratio).round(new java.math.MathContext(2)).stripTrailingZeros()
                    .toPlainString() + "×";
        }
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String number(double value) {
        return ValueAxis.label(value);
    }

    private static String mark(Verdict verdict) {
        return switch (verdict) {
            case MET -> "✅";
            case MISSED -> "❌";
            case INFO -> "";
        };
    }

    private static String template() {
        try (InputStream in = BenchReport.class.getResourceAsStream("/benchmarks-template.md")) {
            if (in == null) {
                throw new IllegalStateException("benchmarks-template.md is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
