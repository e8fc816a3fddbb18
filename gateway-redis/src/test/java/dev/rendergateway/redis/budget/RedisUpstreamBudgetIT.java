package dev.rendergateway.redis.budget;

import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamBudget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Several instances' budgets on one Redis, in real time, as several gateways use it: together they stay within the
 * one rate in every sliding second of send times, yet use it.
 */
class RedisUpstreamBudgetIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final double RATE = 10;
    private static final Lane[] LANES = {Lane.SUBMIT, Lane.WATCHED_POLL, Lane.BACKGROUND_POLL};

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> sends = new ConcurrentLinkedQueue<>();

    @AfterEach
    void close() {
        resources.forEach(resource -> {
            try {
                resource.close();
            } catch (Exception ignored) {
                // best effort
            }
        });
    }

    @Test
    void twoInstancesTogetherNeverExceedTheRateInAnyOneSecondWindowYetUseIt() {
        Flux.merge(hammer(budget(), 3, 0, 0), hammer(budget(), 3, 0, 0))
                .take(Duration.ofSeconds(3)).blockLast(Duration.ofSeconds(10));

        List<Long> times = sorted();
        assertThat(maxInAnyWindow(times, Duration.ofSeconds(1).toNanos())).isLessThanOrEqualTo((long) RATE);
        assertThat(times.size()).as("requests in 3 s").isGreaterThanOrEqualTo(25);
    }

    /**
     * Three gateways' worth, each with clients in every lane; the first requests of each instance leave 150 to
     * 450 ms after their slot (a new connection, code not yet compiled), the others within 2 ms. Spacing slots
     * alone would let the late ones arrive among later slots' requests; the sliding window on real send times
     * keeps every second within the rate, and the cadence still runs at the rate (less its margin).
     */
    @Test
    void threeInstancesWithLateFirstSendsNeverExceedTheRateInAnySlidingSecondYetUseIt() {
        Flux.merge(hammer(budget(), 6, 3, 0), hammer(budget(), 6, 3, 0), hammer(budget(), 6, 3, 0))
                .take(Duration.ofSeconds(8)).blockLast(Duration.ofSeconds(20));

        List<Long> times = sorted();
        long window = Duration.ofSeconds(1).toNanos();
        assertThat(maxInAnyWindow(times, window)).as("most sends in any sliding second").isLessThanOrEqualTo((long) RATE);
        // After the late first sends (the first quarter): the cadence, 1/rate plus the 1.5 % margin.
        assertThat(rate(times.subList(times.size() / 4, times.size()))).as("sends per second")
                .isGreaterThanOrEqualTo(0.98 * RATE);
    }

    /**
     * One instance stalls for 2.5 s right after taking its grants (a process paused, or starved of CPU, as three
     * freshly started gateways were for up to 5 s on a loaded 2-core machine), then sends them all at once. Its
     * unreported grants keep their places meanwhile, so the others use only what is left, and the burst on
     * resuming still fits the window.
     */
    @Test
    void anInstanceThatStallsWithGrantsInHandKeepsTheirPlacesSoItsLateBurstStillFitsTheWindow() {
        List<UpstreamBudget> budgets = List.of(budget(), budget(), budget());
        long resumeAt = System.nanoTime() + 2_500_000_000L;
        Flux.merge(hammer(budgets.get(0), 6, 0, resumeAt), hammer(budgets.get(1), 6, 0, 0),
                        hammer(budgets.get(2), 6, 0, 0))
                .take(Duration.ofSeconds(6)).blockLast(Duration.ofSeconds(15));

        List<Long> times = sorted();
        assertThat(maxInAnyWindow(times, Duration.ofSeconds(1).toNanos())).as("most sends in any sliding second")
                .isLessThanOrEqualTo((long) RATE);
        assertThat(times.stream().filter(time -> time < resumeAt).count()).as("the others' sends during the stall")
                .isGreaterThanOrEqualTo(5);
    }

    /**
     * An instance that takes slots and dies before its requests are reported sent: they may be on their way, so
     * they count as sending now, then as sent the budget's longest send wait (1 s here) after their grant; the
     * other instances wait out that window, then use the budget again rather than wait forever.
     */
    @Test
    void grantsNeverReportedHoldTheWindowUntilTheyCountAsSentThenTheOthersGoOn() {
        Duration maxSendWait = Duration.ofSeconds(1);
        UpstreamBudget dying = budget(maxSendWait);
        List<Long> grants = Flux.range(0, (int) RATE)
                .flatMap(i -> dying.slot(Lane.SUBMIT).map(slot -> System.nanoTime()), (int) RATE)
                .collectList().block(Duration.ofSeconds(5));
        long firstGrant = grants.stream().mapToLong(Long::longValue).min().orElseThrow();

        hammer(budget(maxSendWait), 3, 0, 0).take(Duration.ofNanos(firstGrant + 4_500_000_000L - System.nanoTime()))
                .blockLast(Duration.ofSeconds(10));

        List<Long> times = sorted();
        long held = maxSendWait.plus(RedisUpstreamBudget.WINDOW).toNanos();
        // Less the few milliseconds between the first grant in Redis and its answer here.
        assertThat(times.get(0) - firstGrant).as("first other send after the first unreported grant, ns")
                .isGreaterThanOrEqualTo(held - 50_000_000L)
                .isLessThan(held + 500_000_000L);
        assertThat(times.size()).as("sends in the 2 s after").isGreaterThanOrEqualTo(15);
    }

    /**
     * {@code clients} loops taking slots on {@code budget} in turn through the lanes; the instance's first
     * {@code late} requests leave 150 to 450 ms after their slot, every other one within 2 ms, and none before
     * {@code stalledUntilNanos} ({@link System#nanoTime()}; 0: never stalled).
     */
    private Flux<Long> hammer(UpstreamBudget budget, int clients, int late, long stalledUntilNanos) {
        AtomicInteger granted = new AtomicInteger();
        return Flux.range(0, clients).flatMap(client -> Mono.defer(() -> budget.slot(LANES[client % LANES.length]))
                .flatMap(slot -> {
                    int order = granted.getAndIncrement();
                    long delayMicros = order < late ? 150_000 + order * 150_000L
                            : ThreadLocalRandom.current().nextLong(2_000);
                    long delayNanos = Math.max(delayMicros * 1_000, stalledUntilNanos - System.nanoTime());
                    return Mono.delay(Duration.ofNanos(delayNanos), Schedulers.parallel()).map(tick -> {
                        long now = System.nanoTime();
                        sends.add(now);
                        slot.sent();
                        return now;
                    });
                })
                .repeat(), clients);
    }

    private RedisUpstreamBudget budget() {
        return budget(RedisUpstreamBudget.MAX_SEND_WAIT);
    }

    private RedisUpstreamBudget budget(Duration maxSendWait) {
        RedisConnection connection = redis.connect();
        LocalUpstreamBudget local = new LocalUpstreamBudget(BudgetConfig.of(RATE), Schedulers.parallel());
        resources.add(local::dispose);
        resources.add(connection);
        return new RedisUpstreamBudget(local, connection, BudgetConfig.of(RATE), Schedulers.parallel(), maxSendWait);
    }

    private List<Long> sorted() {
        List<Long> times = new ArrayList<>(sends);
        times.sort(null);
        return times;
    }

    /** Sends per second: (n − 1) / time from the first to the last. */
    private static double rate(List<Long> sorted) {
        return (sorted.size() - 1) * 1e9 / (sorted.get(sorted.size() - 1) - sorted.get(0));
    }

    private static long maxInAnyWindow(List<Long> sorted, long windowNanos) {
        long best = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(start) <= sorted.get(end) - windowNanos) {
                start++;
            }
            best = Math.max(best, end - start + 1L);
        }
        return best;
    }
}
