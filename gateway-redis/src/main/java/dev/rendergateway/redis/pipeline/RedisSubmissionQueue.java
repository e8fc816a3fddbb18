package dev.rendergateway.redis.pipeline;

import dev.rendergateway.core.pipeline.AdmissionRefusedException;
import dev.rendergateway.core.pipeline.QueueConfig;
import dev.rendergateway.core.pipeline.SubmissionQueue;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The submission queue shared by every instance: a Redis list per tenant and a list of tenants taking
 * turns, so that any instance submits any tenant's renders in fair turns ({@code queue-pop.lua} takes the
 * next one atomically). Sizes are read every {@link #REFRESH}, which wakes idle submitters here when other
 * instances queued work, and feeds admission control (limits hold cluster-wide, from counts at most that
 * old). A render taken out but never claimed (its instance died) is put back by {@link #repair()}.
 * Per-tenant in-flight limits are not enforced across instances.
 */
public final class RedisSubmissionQueue implements SubmissionQueue, Disposable {

    private static final Logger log = LoggerFactory.getLogger(RedisSubmissionQueue.class);
    static final Duration REFRESH = Duration.ofMillis(250);
    /**
     * How long a render may sit taken-but-unclaimed (or stored-but-unqueued) before the repair puts it back.
     * A claim settles in milliseconds; a pop whose answer Redis lost in a stall settles never, and its render
     * should be back within seconds of Redis answering again. Putting one back early costs nothing: the
     * lease and the claim's compare-and-set still let only one instance send it.
     */
    static final Duration REPAIR_GRACE = Duration.ofSeconds(5);

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final QueueConfig config;
    private final double ratePerSecond;
    private final RedisScript push = RedisScript.load("queue-push");
    private final RedisScript pop = RedisScript.load("queue-pop");
    private final RedisScript remove = RedisScript.load("queue-remove");
    private final RedisScript repair = RedisScript.load("queue-repair");
    private final RedisScript sizes = RedisScript.load("queue-sizes");
    private final Deque<MonoSink<Void>> awaiting = new ArrayDeque<>();
    private final Map<String, Long> tenantSizes = new ConcurrentHashMap<>();
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private final Disposable refreshing;
    private volatile long knownSize;

    public RedisSubmissionQueue(RedisConnection connection, QueueConfig config, double ratePerSecond,
                                Scheduler scheduler) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.config = config;
        this.ratePerSecond = ratePerSecond;
        this.refreshing = Flux.interval(Duration.ZERO, REFRESH, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(error -> Mono.empty()), 0)
                .subscribe();
    }

    @Override
    public void admit(String tenant) {
        int mine = reserved.getOrDefault(tenant, 0);
        long total = knownSize + reserved.values().stream().mapToInt(Integer::intValue).sum();
        if (total >= config.maxQueued()) {
            throw new AdmissionRefusedException("The gateway's queue is full (" + config.maxQueued()
                    + " renders wait); retry later.", retryAfter(tenant));
        }
        if (tenantSizes.getOrDefault(tenant, 0L) + mine >= config.maxQueuedPerTenant()) {
            throw new AdmissionRefusedException("Your queue is full (" + config.maxQueuedPerTenant()
                    + " renders wait); retry later.", retryAfter(tenant));
        }
        reserved.merge(tenant, 1, Integer::sum);
    }

    @Override
    public void release(String tenant) {
        reserved.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
    }

    @Override
    public void enqueue(String tenant, String renderId) {
        release(tenant);
        tenantSizes.merge(tenant, 1L, Long::sum);
        add(tenant, renderId, "tail");
    }

    @Override
    public void requeue(String tenant, String renderId) {
        add(tenant, renderId, "head");
    }

    private void add(String tenant, String renderId, String end) {
        push.run(redis, ScriptOutputType.INTEGER, new String[] {keys.queue(tenant), keys.queueTurns(),
                        keys.queueActive(), keys.queueMembers(), keys.queueSize()}, tenant, renderId, end)
                .then()
                .subscribe(null, error -> log.warn("render {} not queued now ({}); the recovery scan will queue it",
                        renderId, error.toString()), () -> wake(1));
    }

    @Override
    public void remove(String tenant, String renderId) {
        remove.run(redis, ScriptOutputType.INTEGER, new String[] {keys.queue(tenant), keys.queueMembers(),
                keys.queueSize()}, renderId).subscribe(null, error -> log.warn("render {} not unqueued: {}",
                renderId, error.toString()));
    }

    @Override
    public Mono<Void> awaitWork() {
        return Mono.create(sink -> {
            boolean ready;
            synchronized (awaiting) {
                ready = knownSize > 0;
                if (!ready) {
                    awaiting.addLast(sink);
                    sink.onCancel(() -> {
                        synchronized (awaiting) {
                            awaiting.remove(sink);
                        }
                    });
                }
            }
            if (ready) {
                sink.success();
            }
        });
    }

    @Override
    public Mono<QueuedRender> next() {
        return pop.runList(redis, new String[] {keys.queueTurns(), keys.queueActive(),
                        keys.queueMembers(), keys.queueTaken(), keys.queueSize()}, keys.prefix(),
                        Long.toString(System.currentTimeMillis()))
                .flatMap(reply -> reply.size() == 2
                        ? Mono.just(new QueuedRender(reply.get(0).toString(), reply.get(1).toString()))
                        : Mono.<QueuedRender>empty())
                .switchIfEmpty(Mono.fromRunnable(() -> knownSize = 0))
                .doOnError(error -> knownSize = 0);
    }

    /** Not offered: taking a render from Redis is asynchronous, see {@link #next()}. */
    @Override
    public Optional<QueuedRender> poll() {
        throw new UnsupportedOperationException("a queue in Redis is read with next()");
    }

    @Override
    public void finished(String tenant) {
        // No in-flight accounting across instances.
    }

    @Override
    public Mono<Void> repair() {
        return repair.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.unfinished(), keys.queueMembers(),
                        keys.queueTaken(), keys.queueTurns(), keys.queueActive(), keys.queueSize()}, keys.prefix(),
                        Long.toString(System.currentTimeMillis()), Long.toString(REPAIR_GRACE.toMillis()))
                .next()
                .doOnNext(restored -> {
                    if (restored > 0) {
                        log.warn("{} queued renders of stopped instances are back in the queue", restored);
                        wake(restored.intValue());
                    }
                })
                .then();
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, knownSize);
    }

    @Override
    public int size(String tenant) {
        return tenantSizes.getOrDefault(tenant, 0L).intValue();
    }

    @Override
    public Duration retryAfter(String tenant) {
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(Math.max(1, tenantSizes.size()) / ratePerSecond)));
    }

    private Mono<Void> refresh() {
        return sizes.runList(redis, new String[] {keys.queueSize(), keys.queueActive()}, keys.prefix())
                .doOnNext(this::remember)
                .then();
    }

    private void remember(List<Object> reply) {
        Map<String, Long> fresh = new java.util.HashMap<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            fresh.put(reply.get(i).toString(), Long.parseLong(reply.get(i + 1).toString()));
        }
        tenantSizes.keySet().retainAll(fresh.keySet());
        tenantSizes.putAll(fresh);
        knownSize = Long.parseLong(reply.get(0).toString());
        if (knownSize > 0) {
            wake((int) Math.min(knownSize, Integer.MAX_VALUE));
        }
    }

    private void wake(int count) {
        for (int i = 0; i < count; i++) {
            MonoSink<Void> sink;
            synchronized (awaiting) {
                knownSize = Math.max(knownSize, 1);
                sink = awaiting.pollFirst();
            }
            if (sink == null) {
                return;
            }
            sink.success();
        }
    }

    @Override
    public void dispose() {
        refreshing.dispose();
    }

    @Override
    public boolean isDisposed() {
        return refreshing.isDisposed();
    }
}
