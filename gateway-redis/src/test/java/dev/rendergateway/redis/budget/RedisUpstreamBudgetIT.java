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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Two instances' budgets on one Redis, in real time: together they stay within the one rate in any second. */
class RedisUpstreamBudgetIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final double RATE = 10;

    @Test
    void twoInstancesTogetherNeverExceedTheRateInAnyOneSecondWindowYetUseIt() {
        ConcurrentLinkedQueue<Long> sends = new ConcurrentLinkedQueue<>();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Flux<Long> a = hammer(budget(resources), sends);
            Flux<Long> b = hammer(budget(resources), sends);
            Flux.merge(a, b).take(Duration.ofSeconds(3)).blockLast(Duration.ofSeconds(10));
        } finally {
            resources.forEach(resource -> {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // best effort
                }
            });
        }

        List<Long> times = new ArrayList<>(sends);
        times.sort(null);
        assertThat(maxInAnyWindow(times, Duration.ofSeconds(1).toNanos())).isLessThanOrEqualTo((long) RATE);
        assertThat(times.size()).as("requests in 3 s").isGreaterThanOrEqualTo(25);
    }

    private static Flux<Long> hammer(UpstreamBudget budget, ConcurrentLinkedQueue<Long> sends) {
        return Flux.range(0, 3).flatMap(client -> Mono.defer(() -> budget.slot(Lane.WATCHED_POLL))
                .map(slot -> {
                    long now = System.nanoTime();
                    sends.add(now);
                    slot.sent();
                    return now;
                })
                .repeat());
    }

    private static RedisUpstreamBudget budget(List<AutoCloseable> resources) {
        RedisConnection connection = redis.connect();
        LocalUpstreamBudget local = new LocalUpstreamBudget(BudgetConfig.of(RATE), Schedulers.parallel());
        resources.add(local::dispose);
        resources.add(connection);
        return new RedisUpstreamBudget(local, connection, BudgetConfig.of(RATE), Schedulers.parallel());
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
