package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.result.ScenarioResult;
import dev.rendergateway.loadtests.sse.FanoutOutcome;
import dev.rendergateway.loadtests.sse.FanoutPhase;
import dev.rendergateway.loadtests.sse.FanoutRun;
import dev.rendergateway.loadtests.sse.NchanOutcome;
import dev.rendergateway.loadtests.sse.NchanRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measure 5: SSE fan-out. Subscribers on {@code /v1/renders/{id}/events}, on one render and spread over many: 10,000
 * on one gateway against nginx + nchan measured in the same run, then 100,000 over several gateways sharing Redis;
 * memory per subscriber from the gateways' JVMs, delivery delay from each event's {@code updatedAt} to its receipt,
 * and events per second.
 */
public final class FanoutScenario implements Scenario {
    /** Subscribers of the baseline and of the gateway's phases on one gateway. */
    private static final int TEN_THOUSAND = 10_000;
    /** The goal, over gateways of at most ~17,000 subscribers each (a process may hold 20,000 open files here). */
    private static final int HUNDRED_THOUSAND = 100_000;
    private static final int MAX_GATEWAYS = 6;

    @Override
    public String id() {
        return "fanout";
    }

    @Override
    public ScenarioResult run(Workspace workspace, boolean smoke) {
        List<String> only = chosenNames();
        int baseline = smoke ? 200 : TEN_THOUSAND;
        boolean withBaseline = only.isEmpty() || only.contains(NchanRun.NAME);
        List<FanoutPhase> phases = phases(smoke).stream()
                .filter(phase -> only.isEmpty() ? !ON_REQUEST.contains(phase.name()) : only.contains(phase.name()))
                .toList();
        Duration window = Duration.ofSeconds(smoke ? 2 : 10);
        FanoutRun fanoutRun = new FanoutRun(workspace, window);
        NchanRun nchanRun = new NchanRun(workspace, window);
        long started = System.nanoTime();
        // The smoke variant runs everything at once to stay short (its figures are not read); the full run one
        // after the other, so that none disturbs another's figures.
        ExecutorService lanes = Executors.newFixedThreadPool(smoke ? 3 : 1);
        try {
            CompletableFuture<Optional<NchanOutcome>> nchan = withBaseline
                    ? CompletableFuture.supplyAsync(() -> Optional.of(report(nchanRun.run(baseline))), lanes)
                    : CompletableFuture.completedFuture(Optional.empty());
            List<CompletableFuture<FanoutOutcome>> runs = new ArrayList<>();
            for (FanoutPhase phase : phases) {
                runs.add(CompletableFuture.supplyAsync(() -> report(fanoutRun.run(phase)), lanes));
            }
            // Let every run end (and stop its processes) before a failure of one ends the scenario.
            List<CompletableFuture<?>> all = new ArrayList<>(runs);
            all.add(nchan);
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            List<FanoutOutcome> outcomes = runs.stream().map(CompletableFuture::join).toList();
            FanoutFigures figures = new FanoutFigures(nchan.join(), outcomes);
            return new ScenarioResult(id(), "5. SSE fan-out", command(smoke), (System.nanoTime() - started) / 1e9,
                    figures.figures(), figures.charts(), FanoutNotes.of(nchan.join(), outcomes));
        } finally {
            lanes.shutdown();
        }
    }

    /**
     * Phases run only when named in {@code BENCH_FANOUT_PHASES}: each phase of 100,000 takes about 4 minutes here,
     * and the whole suite would take 4 minutes more, so it runs the spread one and this one on request.
     */
    static final java.util.Set<String> ON_REQUEST = java.util.Set.of("100k-on-1");

    private static List<FanoutPhase> phases(boolean smoke) {
        // Renders change progress once per 1 % of their time (their clock starts once every subscriber is connected):
        // 100 s renders change about once a second. At 100,000 subscribers that would offer 100,000 events a second,
        // beyond what 2 cores shared by servers and clients deliver (the queues, and the delays, would only grow
        // during the window), so there renders take 500 s: a change every 5 s, 20,000 events a second.
        Duration second = Duration.ofSeconds(100);
        Duration fiveSeconds = Duration.ofSeconds(500);
        return smoke
                ? List.of(new FanoutPhase("200-on-1", 200, 1, 1, second, false),
                        new FanoutPhase("200-on-10-redis", 200, 10, 2, second, true))
                : List.of(new FanoutPhase("10k-on-1", TEN_THOUSAND, 1, 1, second, false),
                        new FanoutPhase("10k-on-1000", TEN_THOUSAND, 1_000, 1, second, false),
                        new FanoutPhase("100k-on-1", HUNDRED_THOUSAND, 1, MAX_GATEWAYS, fiveSeconds, true),
                        new FanoutPhase("100k-on-1000", HUNDRED_THOUSAND, 1_000, MAX_GATEWAYS, fiveSeconds, true));
    }

    /** The names in {@code BENCH_FANOUT_PHASES} (phases and {@code nchan}), or none for all. */
    private static List<String> chosenNames() {
        String only = System.getenv("BENCH_FANOUT_PHASES");
        return only == null || only.isBlank() ? List.of() : List.of(only.split(","));
    }

    private static FanoutOutcome report(FanoutOutcome o) {
        System.out.printf(Locale.ROOT, "bench:   fan-out %s: %d connected, %d failed in %.1f s, %.0f B/subscriber, "
                + "p99 %.1f ms, %.0f events/s%n", o.phase().name(), o.connected(), o.failed(), o.connectSeconds(),
                o.bytesPerSubscriber(), o.delayMillis(99), o.eventsPerSecond());
        return o;
    }

    private static NchanOutcome report(NchanOutcome n) {
        System.out.printf(Locale.ROOT, "bench:   fan-out nchan: %d connected, %d failed in %.1f s (nchan counts %d), "
                + "%.0f B RSS/subscriber, p99 %.1f ms, %.0f events/s%n", n.clients().connected(),
                n.clients().failed(), n.clients().connectSeconds(), n.serverSubscribers(), n.rssPerSubscriber(),
                n.clients().delayMillis(99), n.clients().eventsPerSecond());
        return n;
    }
}
