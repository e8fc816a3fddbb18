package dev.rendergateway.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Notices that Redis lost its data (restarted without persistence, or flushed): a marker key holds a random
 * token, written by whichever instance first finds it missing, and read by every instance every
 * {@link #PERIOD}. A token other than the one an instance saw last means the data beside it is gone, so every
 * instance notices, whichever wrote the new token.
 */
public final class RedisDataLossWatch implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RedisDataLossWatch.class);
    /** How often the marker is read: the longest a loss goes unnoticed while Redis answers. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final RedisReactiveCommands<String, String> redis;
    private final String marker;
    private final RedisScript check = RedisScript.load("data-marker");
    private final Sinks.Many<Long> losses = Sinks.many().multicast().directBestEffort();
    private final AtomicLong count = new AtomicLong();
    private volatile String seen;
    private final Disposable watching;

    public RedisDataLossWatch(RedisConnection connection, Duration period, Scheduler scheduler) {
        this.redis = connection.commands();
        this.marker = connection.keys().dataMarker();
        this.watching = Flux.interval(Duration.ZERO, period, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> checkOnce().onErrorResume(error -> Mono.empty()), 0)
                .subscribe();
    }

    /** Emits the number of each loss noticed (1, 2, …), as it is noticed. */
    public Flux<Long> losses() {
        return losses.asFlux();
    }

    /** Reads (or writes) the marker once; emits a loss when its token changed since the last reading. */
    public Mono<Void> checkOnce() {
        return check.<String>run(redis, ScriptOutputType.VALUE, new String[] {marker}, freshToken())
                .next()
                .doOnNext(this::compare)
                .then();
    }

    private synchronized void compare(String token) {
        String before = seen;
        seen = token;
        if (before != null && !before.equals(token)) {
            long loss = count.incrementAndGet();
            log.warn("Redis has lost its data (its marker changed): writing back what this instance holds");
            losses.tryEmitNext(loss);
        }
    }

    private static String freshToken() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void dispose() {
        watching.dispose();
        losses.tryEmitComplete();
    }

    @Override
    public boolean isDisposed() {
        return watching.isDisposed();
    }
}
