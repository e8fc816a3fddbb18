package dev.rendergateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's Lettuce client: one multiplexed connection for commands and scripts, plus dedicated ones
 * for blocking stream reads. Commands fail fast while disconnected (rather than queue) and after
 * {@link RedisSettings#commandTimeout()}; the client reconnects by itself when Redis returns. Keeps
 * {@link RedisClock} in step with Redis's clock.
 */
public final class RedisConnection implements AutoCloseable {

    private static final Duration CLOCK_CHECK = Duration.ofMinutes(1);

    private final RedisSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final List<StatefulRedisConnection<String, String>> dedicated = new CopyOnWriteArrayList<>();
    private final RedisClock clock;
    private final Disposable clockKeeping;

    private RedisConnection(RedisSettings settings, RedisClient client, StatefulRedisConnection<String, String> shared) {
        this.settings = settings;
        this.client = client;
        this.shared = shared;
        this.clock = new RedisClock(shared.reactive(), System::currentTimeMillis);
        // One reading a minute, for drift; open() takes the first ones.
        this.clockKeeping = Flux.interval(CLOCK_CHECK, CLOCK_CHECK, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> clock.measure().onErrorResume(error -> Mono.empty()), 0)
                .subscribe();
    }

    /** Connects; call at start, off event loops (the first connection is awaited). */
    public static RedisConnection open(RedisSettings settings) {
        RedisClient client = RedisClient.create(RedisURI.create(settings.url()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.commandTimeout())
                        .keepAlive(true)
                        .build())
                .build());
        StatefulRedisConnection<String, String> shared = null;
        try {
            shared = client.connect();
            RedisConnection connection = new RedisConnection(settings, client, shared);
            // The quickest of three round trips sets the clock before anything needs a deadline.
            Flux.range(0, 3).concatMap(sample -> connection.clock.measure()).then()
                    .block(settings.commandTimeout().multipliedBy(3));
            return connection;
        } catch (RuntimeException e) {
            if (shared != null) {
                shared.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    public RedisKeys keys() {
        return settings.keys();
    }

    /** Redis's clock, for deadlines that scripts check. */
    public RedisClock clock() {
        return clock;
    }

    /** The shared connection's reactive commands. */
    public RedisReactiveCommands<String, String> commands() {
        return shared.reactive();
    }

    /** A connection of its own, for commands that block it ({@code XREAD BLOCK}); closed with this one. */
    public RedisReactiveCommands<String, String> dedicatedCommands() {
        StatefulRedisConnection<String, String> connection = client.connect();
        dedicated.add(connection);
        return connection.reactive();
    }

    /** {@code PING}: completes when Redis answers, fails otherwise. */
    public Mono<Void> ping() {
        return commands().ping().onErrorMap(RedisFailure::translate).then();
    }

    @Override
    public void close() {
        clockKeeping.dispose();
        dedicated.forEach(StatefulRedisConnection::close);
        shared.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
