package dev.rendergateway.redis.budget;

import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.BudgetSlot;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamBudget;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import dev.rendergateway.core.store.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * One upstream budget for every instance together. Each instance keeps its {@link LocalUpstreamBudget}
 * (priority lanes, spacing by send time among its own requests); a request granted locally then asks Redis
 * for the cluster's next slot ({@code budget-slot.lua}, a GCRA on Redis's clock spaced by 1/rate with the
 * safety margin) and waits until it; just before sending it confirms that the cluster's last actual send is a
 * spacing behind ({@code budget-confirm.lua}), waiting more if not. A request that left more than
 * {@link #LATE} after its confirmation reports its real send time ({@code budget-sent.lua}), so spacing holds
 * between sends as the upstream sees them. A 429 holds every instance for its {@code Retry-After}
 * ({@code budget-hold.lua}). While Redis is away no slot is granted: nothing is sent.
 */
public final class RedisUpstreamBudget implements UpstreamBudget, Disposable {

    private static final Logger log = LoggerFactory.getLogger(RedisUpstreamBudget.class);
    /** Half the 15 ms a second that the safety margin leaves, as in the local budget. */
    static final Duration LATE = Duration.ofNanos(7_500_000);

    private final LocalUpstreamBudget local;
    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final Scheduler scheduler;
    private final String spacingMicros;
    private final RedisScript slot = RedisScript.load("budget-slot");
    private final RedisScript hold = RedisScript.load("budget-hold");
    private final RedisScript confirmScript = RedisScript.load("budget-confirm");
    private final RedisScript sentScript = RedisScript.load("budget-sent");

    public RedisUpstreamBudget(LocalUpstreamBudget local, RedisConnection connection, BudgetConfig config,
                               Scheduler scheduler) {
        this.local = local;
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.scheduler = scheduler;
        this.spacingMicros = Long.toString((config.spacing().toNanos() + 999) / 1_000);
    }

    /** The instance's own lanes and rate limiter, behind the cluster-wide slots; for metrics. */
    public LocalUpstreamBudget local() {
        return local;
    }

    @Override
    public Mono<BudgetSlot> slot(Lane lane) {
        return local.slot(lane).flatMap(granted -> reserve()
                .flatMap(this::waitMicros)
                .then(confirm())
                .<BudgetSlot>thenReturn(new ClusterSlot(granted))
                .doOnCancel(granted::sent)
                .doOnError(error -> granted.sent()));
    }

    @Override
    public void pause(Duration wait) {
        local.pause(wait);
        holdCluster(wait);
    }

    @Override
    public int waiting(Lane lane) {
        return local.waiting(lane);
    }

    /** The wait for this request's cluster slot, in microseconds; retried while Redis is away. */
    private Mono<Long> reserve() {
        return slot.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.budget()}, spacingMicros)
                .next()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(2))
                        .filter(StoreUnavailableException.class::isInstance)
                        .scheduler(scheduler));
    }

    /**
     * Waits until the cluster's last actual send is a spacing behind: a request of another instance that
     * left late pushes this one back, so spacing holds between sends as the upstream sees them.
     */
    private Mono<Void> confirm() {
        return confirmScript.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.budgetLastSend()},
                        spacingMicros)
                .next()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(2))
                        .filter(StoreUnavailableException.class::isInstance)
                        .scheduler(scheduler))
                .flatMap(wait -> wait <= 0 ? Mono.just(true) : waitMicros(wait).thenReturn(false))
                .repeat()
                .takeUntil(Boolean::booleanValue)
                .then();
    }

    private Mono<Long> waitMicros(long micros) {
        return micros <= 0 ? Mono.just(0L) : Mono.delay(Duration.ofNanos(micros * 1_000), scheduler);
    }

    private void holdCluster(Duration wait) {
        hold.run(redis, ScriptOutputType.INTEGER, new String[] {keys.budget()},
                        Long.toString(Math.max(1, wait.toNanos() / 1_000)))
                .subscribe(null, error -> log.debug("cluster budget not held: {}", error.toString()));
    }

    @Override
    public void dispose() {
        // Nothing of its own: the local budget and the connection are closed by their owner.
    }

    /** A cluster slot: tells the local budget and, when it left late, the cluster when its request left. */
    private final class ClusterSlot implements BudgetSlot {
        private final BudgetSlot granted;
        private final long confirmedAtNanos = System.nanoTime();
        private final AtomicBoolean sent = new AtomicBoolean();

        ClusterSlot(BudgetSlot granted) {
            this.granted = granted;
        }

        @Override
        public void sent() {
            if (sent.compareAndSet(false, true)) {
                granted.sent();
                if (System.nanoTime() - confirmedAtNanos > LATE.toNanos()) {
                    sentScript.run(redis, ScriptOutputType.INTEGER, new String[] {keys.budgetLastSend()})
                            .subscribe(null, error -> log.debug("late send not reported: {}", error.toString()));
                }
            }
        }
    }
}
