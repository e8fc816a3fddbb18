package dev.rendergateway.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.loadtests.report.SvgChart;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ResultFiles;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import dev.rendergateway.loadtests.scenario.RequestTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's pure parts: result files, the rate arithmetic of the budget, and the SVG charts. */
class HarnessPartsTest {

    @TempDir
    Path dir;

    @Test
    void resultFilesRoundTripAndRefuseMalformedOnes() throws Exception {
        ResultFiles files = new ResultFiles(dir);
        ScenarioResult result = new ScenarioResult("budget", "2. Budget use", "load-tests/run.sh budget", 1.5,
                List.of(Figure.compared("gateway", "rate", 9.9, "req/s", 10, "R", "≥ 0.98 × R", Verdict.MET),
                        Figure.alone("gateway", "429s", 0, "", "0", Verdict.MET)),
                List.of(), List.of("note"));
        files.write(result);
        assertThat(files.read("budget")).isEqualTo(result);

        Files.writeString(dir.resolve("read.json"), "{\"id\":\"read\",\"title\":\"t\",\"command\":\"c\",\"seconds\":1,"
                + "\"figures\":[],\"charts\":[],\"notes\":[]}");
        assertThatThrownBy(() -> files.read("read")).hasMessageContaining("no figures");
        Files.writeString(dir.resolve("submit.json"), "{\"id\":\"submit\",");
        assertThatThrownBy(() -> files.read("submit")).hasMessageContaining("not a valid result file");
    }

    @Test
    void rateCountsIntervalsBetweenTheFirstRequestAndTheEnd() {
        RequestTimeline timeline = new RequestTimeline(List.of(200_000L, 0L, 100_000L, 300_000L, 5_000_000L));
        assertThat(timeline.rateUntil(300_000)).isEqualTo(10.0);
        assertThat(timeline.countUntil(300_000)).isEqualTo(4);
        // the window ending 1 s after the first request is (0 s, 1 s]: the first request has just left it
        assertThat(timeline.slidingSecond(1000).get(0)).containsExactly(1.0, 3.0);
    }

    @Test
    void chartsAreSelfContainedSvgWithEveryLabelEscaped() {
        Chart chart = new Chart("x.svg", "a < b & c", Chart.Kind.BARS, "x", "y", List.of("W = 1", "W = 10"),
                List.of(new Series("s", List.of(0.0, 1.0), List.of(3.0, 300.0))), 2.0, true);
        String svg = new SvgChart(chart).render();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("a &lt; b &amp; c")
                .contains("goal 2").endsWith("</svg>\n");
    }
}
