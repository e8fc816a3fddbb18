package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Figure;
import dev.rendergateway.loadtests.result.Series;
import dev.rendergateway.loadtests.result.Verdict;
import dev.rendergateway.loadtests.sse.FanoutOutcome;
import dev.rendergateway.loadtests.sse.NchanOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The fan-out's table and charts: the nginx + nchan baseline, the gateway's phases (its 10,000-on-1-render phase
 * against the baseline, the others against the absolute goals), delays and memory per subscriber side by side.
 */
final class FanoutFigures {
    private static final double KIB = 1024.0;
    private static final int GOAL_SUBSCRIBERS = 100_000;
    private static final String NCHAN = "nginx + nchan";
    /** Issue 16's goals: 10,000 on one render within 100 ms (and nchan's p99); 100,000 on Redis within 500 ms. */
    private static final double ONE_RENDER_P99_MILLIS = 100;
    private static final double CLUSTER_P99_MILLIS = 500;
    /** Spread over many renders on one gateway, the first wave's goal. */
    private static final double SPREAD_P99_MILLIS = 50;

    private final Optional<NchanOutcome> nchan;
    private final List<FanoutOutcome> outcomes;

    FanoutFigures(Optional<NchanOutcome> nchan, List<FanoutOutcome> outcomes) {
        this.nchan = nchan;
        this.outcomes = outcomes;
    }

    /** Every figure: the baseline's first, then each phase's. */
    List<Figure> figures() {
        List<Figure> list = new ArrayList<>();
        nchan.ifPresent(n -> list.addAll(baseline(n)));
        for (FanoutOutcome o : outcomes) {
            list.addAll(nchan.filter(n -> pairsWithBaseline(o, n)).map(n -> againstBaseline(o, n))
                    .orElseGet(() -> againstGoals(o)));
        }
        return list;
    }

    /** The delay and memory charts. */
    List<Chart> charts() {
        return List.of(latencyChart(), memoryChart());
    }

    /** Whether {@code o} is the gateway's counterpart of the baseline: one in-memory gateway, one render, as many. */
    static boolean pairsWithBaseline(FanoutOutcome o, NchanOutcome n) {
        return o.phase().gateways() == 1 && o.phase().renders() == 1
                && o.phase().subscribers() == n.clients().connected() + n.clients().failed();
    }

    private static List<Figure> baseline(NchanOutcome n) {
        String who = String.format(Locale.ROOT, "%s, %,d subscribers on 1 channel", NCHAN, n.clients().connected());
        String goal = "— (baseline)";
        return List.of(
                Figure.alone(who, "resident memory (RSS) per subscriber", n.rssPerSubscriber() / KIB, "KiB", goal,
                        Verdict.INFO),
                Figure.alone(who, "delivery delay p50", n.clients().delayMillis(50), "ms", goal, Verdict.INFO),
                Figure.alone(who, "delivery delay p99", n.clients().delayMillis(99), "ms", goal, Verdict.INFO),
                Figure.alone(who, "delivery delay p99.9", n.clients().delayMillis(99.9), "ms", goal, Verdict.INFO),
                Figure.alone(who, "events delivered per second", n.clients().eventsPerSecond(), "events/s", goal,
                        Verdict.INFO));
    }

    private static List<Figure> againstBaseline(FanoutOutcome o, NchanOutcome n) {
        String who = subject(o);
        double perSubscriber = o.bytesPerSubscriber() / KIB;
        double nchanRss = n.rssPerSubscriber() / KIB;
        String ref = NCHAN + " (RSS)";
        return List.of(
                Figure.compared(who, "heap + direct memory per subscriber", perSubscriber, "KiB", nchanRss, ref,
                        "≤ 8 KiB", Verdict.of(perSubscriber <= 8)),
                Figure.compared(who, "resident memory (RSS) per subscriber", o.rssPerSubscriber() / KIB, "KiB",
                        nchanRss, ref, "≤ nchan", Verdict.of(o.rssPerSubscriber() <= n.rssPerSubscriber())),
                Figure.compared(who, "delivery delay p50", o.delayMillis(50), "ms", n.clients().delayMillis(50),
                        NCHAN, "—", Verdict.INFO),
                Figure.compared(who, "delivery delay p99", o.delayMillis(99), "ms", n.clients().delayMillis(99),
                        NCHAN, "≤ 100 ms and ≤ nchan", Verdict.of(o.delayMillis(99) <= ONE_RENDER_P99_MILLIS
                                && o.delayMillis(99) <= n.clients().delayMillis(99))),
                Figure.compared(who, "delivery delay p99.9", o.delayMillis(99.9), "ms",
                        n.clients().delayMillis(99.9), NCHAN, "—", Verdict.INFO),
                Figure.compared(who, "events delivered per second", o.eventsPerSecond(), "events/s",
                        n.clients().eventsPerSecond(), NCHAN, "—", Verdict.INFO));
    }

    private static List<Figure> againstGoals(FanoutOutcome o) {
        String who = subject(o);
        boolean atTenThousand = !o.phase().probesMaximum() && o.phase().subscribers() >= 10_000;
        double perSubscriber = o.bytesPerSubscriber() / KIB;
        List<Figure> list = new ArrayList<>();
        if (o.phase().probesMaximum()) {
            list.add(Figure.compared(who, "concurrent subscribers held", o.connected(), "", GOAL_SUBSCRIBERS,
                    "goal", "100,000", Verdict.of(o.connected() >= GOAL_SUBSCRIBERS)));
        }
        list.add(Figure.compared(who, "heap + direct memory per subscriber", perSubscriber, "KiB", 8, "goal",
                "≤ 8 KiB", Verdict.of(perSubscriber <= 8)));
        list.add(Figure.alone(who, "resident memory (RSS) per subscriber", o.rssPerSubscriber() / KIB, "KiB", "—",
                Verdict.INFO));
        list.add(Figure.alone(who, "delivery delay p50", o.delayMillis(50), "ms", "—", Verdict.INFO));
        list.add(p99AgainstGoal(o, who, atTenThousand));
        list.add(Figure.alone(who, "delivery delay p99.9", o.delayMillis(99.9), "ms", "—", Verdict.INFO));
        list.add(Figure.alone(who, "events delivered per second", o.eventsPerSecond(), "events/s", "—",
                Verdict.INFO));
        return list;
    }

    /** On Redis at 100,000: ≤ 500 ms; one gateway at 10,000 spread over renders: ≤ 50 ms; otherwise shown only. */
    private static Figure p99AgainstGoal(FanoutOutcome o, String who, boolean atTenThousand) {
        double p99 = o.delayMillis(99);
        if (o.phase().onRedis() && o.phase().subscribers() >= GOAL_SUBSCRIBERS) {
            return Figure.compared(who, "delivery delay p99", p99, "ms", CLUSTER_P99_MILLIS, "goal", "≤ 500 ms",
                    Verdict.of(p99 <= CLUSTER_P99_MILLIS));
        }
        if (atTenThousand && !o.phase().onRedis()) {
            return Figure.compared(who, "delivery delay p99", p99, "ms", SPREAD_P99_MILLIS, "goal", "≤ 50 ms",
                    Verdict.of(p99 <= SPREAD_P99_MILLIS));
        }
        return Figure.alone(who, "delivery delay p99", p99, "ms", "—", Verdict.INFO);
    }

    private static String subject(FanoutOutcome o) {
        String gateways = o.phase().onRedis() ? String.format(Locale.ROOT, "%d gateways on Redis",
                o.phase().gateways()) : "gateway";
        return String.format(Locale.ROOT, "%s, %,d subscribers on %,d render%s", gateways, o.connected(),
                o.phase().renders(), o.phase().renders() == 1 ? "" : "s");
    }

    private Chart latencyChart() {
        List<Series> series = new ArrayList<>();
        for (double p : new double[] {50, 99, 99.9}) {
            List<Double> ys = new ArrayList<>();
            nchan.ifPresent(n -> ys.add(n.clients().delayMillis(p)));
            outcomes.forEach(o -> ys.add(o.delayMillis(p)));
            series.add(new Series("p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)), xs(ys.size()), ys));
        }
        return new Chart("fanout-latency.svg", "SSE delivery delay, status change → client receipt", Chart.Kind.BARS,
                "", "ms", categories(), series, ONE_RENDER_P99_MILLIS, false);
    }

    private Chart memoryChart() {
        List<Double> live = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        nchan.ifPresent(n -> {
            live.add(0.0);
            rss.add(n.rssPerSubscriber() / KIB);
        });
        outcomes.forEach(o -> {
            live.add(o.bytesPerSubscriber() / KIB);
            rss.add(o.rssPerSubscriber() / KIB);
        });
        return new Chart("fanout-memory.svg", "Memory per SSE subscriber (nchan: RSS only)", Chart.Kind.BARS, "",
                "KiB", categories(), List.of(new Series("gateway heap + direct", xs(live.size()), live),
                        new Series("RSS", xs(rss.size()), rss)), 8.0, false);
    }

    private List<String> categories() {
        List<String> labels = new ArrayList<>();
        nchan.ifPresent(n -> labels.add(String.format(Locale.ROOT, "nchan %,d on 1", n.clients().connected())));
        outcomes.forEach(o -> labels.add(String.format(Locale.ROOT, "%,d on %,d%s", o.connected(),
                o.phase().renders(), o.phase().onRedis() ? " (" + o.phase().gateways() + " gw)" : "")));
        return labels;
    }

    private static List<Double> xs(int size) {
        return IntStream.range(0, size).mapToObj(i -> (double) i).toList();
    }
}
