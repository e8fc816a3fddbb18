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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * safety margin: the cadence) and waits until it. Just before sending, {@code budget-grant.lua} checks the
 * cluster's sliding window: at most {@code floor(rate)} sends in any {@link #WINDOW}, counting the send times the
 * instances reported ({@code budget-sent.lua}) and every granted request not yet reported as if it left now; if
 * the window is full the grant is for when it opens. So a request that left late (a new connection, a paused
 * process) pushes back only the request {@code floor(rate)} grants later, and only as far as its real send
 * requires, instead of every later one; a granted request never reported counts as leaving now for
 * {@link #MAX_SEND_WAIT}, so that an instance that stalls with grants in hand keeps their places until it
 * resumes and sends them. A 429 holds every instance for its {@code Retry-After}
 * ({@code budget-hold.lua}). While Redis is away no slot is granted: nothing is sent.
 */
public final class RedisUpstreamBudget implements UpstreamBudget, Disposable {

    private static final Logger log = LoggerFactory.getLogger(RedisUpstreamBudget.class);
    /**
     * The span no more than {@code floor(rate)} sends may share: a second, and a guard for the jitter between a
     * request's send and its arrival upstream. The guard is kept below the cadence's margin ({@code floor(rate)}
     * slots span a second and 1.5 %, 15 ms), so that the usual few milliseconds between a slot and its send do not
     * make the window, rather than the cadence, set the rate.
     */
    static final Duration WINDOW = Duration.ofMillis(1_005);
    /**
     * How long a granted request may stay unreported before it counts as sent {@code MAX_SEND_WAIT} after its
     * grant (its instance may have died); until then it counts as leaving now. Long, because a stalled instance
     * does send its granted requests when it resumes: at R = 10 on a loaded 2-core machine, three gateways that had
     * just started sat on their grants for up to 5 s, and a 1 s limit had by then given their places away.
     */
    static final Duration MAX_SEND_WAIT = Duration.ofSeconds(10);
    /** The first wait before asking again while {@code floor(rate)} granted requests are unreported; it doubles. */
    private static final long FIRST_RECHECK_MICROS = 5_000;

    private final LocalUpstreamBudget local;
    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final Scheduler scheduler;
    private final String spacingMicros;
    private final long longestRecheckMicros;
    /** The window's arguments to the scripts: at most this many sends ({@code floor(rate)}), … */
    private final String limitArg;
    /** … in any window of this many µs, … */
    private final String windowArg;
    /** … and how long a grant may stay unreported, in µs. */
    private final String maxSendWaitArg;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong slots = new AtomicLong();
    private final RedisScript slot = RedisScript.load("budget-slot");
    private final RedisScript hold = RedisScript.load("budget-hold");
    private final RedisScript grantScript = RedisScript.load("budget-grant");
    private final RedisScript sentScript = RedisScript.load("budget-sent");

    public RedisUpstreamBudget(LocalUpstreamBudget local, RedisConnection connection, BudgetConfig config,
                               Scheduler scheduler) {
        this(local, connection, config, scheduler, MAX_SEND_WAIT);
    }

    /** A budget whose unreported grants count as sent after {@code maxSendWait} (specs shorten it). */
    RedisUpstreamBudget(LocalUpstreamBudget local, RedisConnection connection, BudgetConfig config,
                        Scheduler scheduler, Duration maxSendWait) {
        this.local = local;
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.scheduler = scheduler;
        long spacing = (config.spacing().toNanos() + 999) / 1_000;
        this.spacingMicros = Long.toString(spacing);
        this.longestRecheckMicros = Math.max(FIRST_RECHECK_MICROS, spacing);
        this.limitArg = Integer.toString(config.perSecond());
        this.windowArg = Long.toString(WINDOW.toNanos() / 1_000);
        this.maxSendWaitArg = Long.toString(maxSendWait.toNanos() / 1_000);
    }

    /** The instance's own lanes and rate limiter, behind the cluster-wide slots; for metrics. */
    public LocalUpstreamBudget local() {
        return local;
    }

    @Override
    public Mono<BudgetSlot> slot(Lane lane) {
        return local.slot(lane).flatMap(granted -> {
            String id = instance + ":" + slots.incrementAndGet();
            return reserve()
                    .flatMap(this::waitMicros)
                    .then(Mono.defer(() -> grant(id, FIRST_RECHECK_MICROS)))
                    .<BudgetSlot>map(grant -> new ClusterSlot(granted, id, grant))
                    .doOnCancel(() -> giveUp(id, granted))
                    .doOnError(error -> giveUp(id, granted));
        });
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
        return whileRedisAway(slot.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.budget()},
                spacingMicros).next());
    }

    /**
     * The window's grant for request {@code id}, once its send time has come. While the window is full of requests
     * not yet reported sent it asks again after {@code recheckMicros}, doubling up to a spacing, so that the
     * requests waiting on a stalled instance do not flood Redis.
     */
    private Mono<Grant> grant(String id, long recheckMicros) {
        long askedAtNanos = System.nanoTime();
        String[] args = {id, limitArg, windowArg, maxSendWaitArg};
        return whileRedisAway(grantScript.runList(redis, new String[] {keys.budgetSent(), keys.budgetPending()}, args))
                .flatMap(reply -> {
                    if (number(reply, 0) == 0) {
                        long next = Math.min(longestRecheckMicros, recheckMicros * 2);
                        return waitMicros(recheckMicros).then(Mono.defer(() -> grant(id, next)));
                    }
                    return waitMicros(number(reply, 1)).thenReturn(new Grant(number(reply, 2), askedAtNanos));
                });
    }

    /** A wait that ended without a slot: the grant, if Redis made one, is withdrawn; the local slot is freed. */
    private void giveUp(String id, BudgetSlot granted) {
        granted.sent();
        redis.zrem(keys.budgetPending(), id)
                .subscribe(null, error -> log.debug("withdrawn grant not removed: {}", error.toString()));
    }

    private <T> Mono<T> whileRedisAway(Mono<T> call) {
        return call.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                .maxBackoff(Duration.ofSeconds(2))
                .filter(StoreUnavailableException.class::isInstance)
                .scheduler(scheduler));
    }

    private Mono<Long> waitMicros(long micros) {
        return micros <= 0 ? Mono.just(0L) : Mono.delay(Duration.ofNanos(micros * 1_000), scheduler);
    }

    private void holdCluster(Duration wait) {
        hold.run(redis, ScriptOutputType.INTEGER, new String[] {keys.budget()},
                        Long.toString(Math.max(1, wait.toNanos() / 1_000)))
                .subscribe(null, error -> log.debug("cluster budget not held: {}", error.toString()));
    }

    private static long number(List<Object> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }

    @Override
    public void dispose() {
        // Nothing of its own: the local budget and the connection are closed by their owner.
    }

    /**
     * A grant of the window: Redis's clock when it was made ({@code redisMicros}) and this instance's clock just
     * before it was asked for, so that {@code redisMicros + elapsed since askedAtNanos} is never earlier than a
     * moment on Redis's clock, whatever the instances' wall clocks say.
     */
    private record Grant(long redisMicros, long askedAtNanos) {

        long redisMicrosAt(long nanos) {
            return redisMicros + (nanos - askedAtNanos + 999) / 1_000;
        }
    }

    /** A cluster slot: tells the local budget, and the cluster's window, when its request left. */
    private final class ClusterSlot implements BudgetSlot {
        private final BudgetSlot granted;
        private final String id;
        private final Grant grant;
        private final AtomicBoolean sent = new AtomicBoolean();

        ClusterSlot(BudgetSlot granted, String id, Grant grant) {
            this.granted = granted;
            this.id = id;
            this.grant = grant;
        }

        @Override
        public void sent() {
            if (sent.compareAndSet(false, true)) {
                granted.sent();
                sentScript.run(redis, ScriptOutputType.INTEGER, new String[] {keys.budgetSent(), keys.budgetPending()},
                                id, Long.toString(grant.redisMicrosAt(System.nanoTime())), windowArg)
                        .subscribe(null, error -> log.debug("send not reported: {}", error.toString()));
            }
        }
    }
}
