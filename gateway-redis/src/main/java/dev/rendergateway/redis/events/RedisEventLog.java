package dev.rendergateway.redis.events;

import dev.rendergateway.core.events.EventsConfig;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.Selection;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisFailure;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import dev.rendergateway.redis.RenderCodec;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * The cluster-wide event log in Redis: the global sequence, each tenant's capped history, each render's
 * latest event. Writes and catch-up reads are single scripts, so a catch-up is exact up to its watermark.
 */
final class RedisEventLog {

    /** A catch-up in sequence order, valid up to {@code watermark}. */
    record CatchUp(long watermark, List<RenderEvent> events) {
    }

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final EventsConfig config;
    private final RenderCodec codec;
    private final int allEventsMaxLength;
    private final String historyTtlMillis;
    private final RedisScript publish = RedisScript.load("events-publish");
    private final RedisScript catchUp = RedisScript.load("events-catchup");
    /** The highest sequence this instance has seen: a sequence Redis lost starts again above it. */
    private final AtomicLong highestSeen = new AtomicLong();

    RedisEventLog(RedisConnection connection, EventsConfig config, RenderCodec codec, int allEventsMaxLength) {
        this.redis = connection.commands();
        this.keys = connection.keys();
        this.config = config;
        this.codec = codec;
        this.allEventsMaxLength = allEventsMaxLength;
        this.historyTtlMillis = Long.toString(connection.settings().historyTtl().toMillis());
    }

    /** Records the change; emits its sequence. */
    Mono<Long> append(Render render) {
        String tenant = render.tenant();
        return publish.<String>run(redis, ScriptOutputType.VALUE,
                        new String[] {keys.eventSequence(), keys.eventEpoch(), keys.eventsAll(),
                                keys.tenantEvents(tenant), keys.tenantEvicted(tenant), keys.tenantLatest(tenant),
                                keys.latestEvents()},
                        render.id(), codec.encode(render), Integer.toString(config.historyPerTenant()),
                        Integer.toString(allEventsMaxLength), tenant, Integer.toString(latestCap()),
                        historyTtlMillis, Long.toString(startSequence()))
                .next()
                .map(Long::parseLong)
                .doOnNext(this::saw);
    }

    /** Notes a sequence seen on the stream or in an answer. */
    void saw(long sequence) {
        highestSeen.accumulateAndGet(sequence, Math::max);
    }

    /**
     * Where a sequence Redis does not have (new, or lost with its data) starts: the time in microseconds, and
     * always above every sequence this instance has seen, so that event ids keep increasing.
     */
    private long startSequence() {
        return Math.max(System.currentTimeMillis() * 1_000, highestSeen.get() + 1);
    }

    /** The selection's catch-up: see {@link RenderEvents#follow}. */
    Mono<CatchUp> catchUp(Selection selection, OptionalLong lastEventId) {
        String tenant = selection.tenant();
        List<String> args = new ArrayList<>();
        args.add(lastEventId.isPresent() ? Long.toString(lastEventId.getAsLong()) : "");
        args.add(Integer.toString(config.snapshotLimit()));
        args.addAll(selection.renderIds());
        return catchUp.runList(redis,
                        new String[] {keys.eventSequence(), keys.eventEpoch(), keys.tenantEvents(tenant),
                                keys.tenantEvicted(tenant), keys.tenantLatest(tenant), keys.latestEvents()},
                        args.toArray(String[]::new))
                .map(reply -> decode(reply, selection, lastEventId));
    }

    /** The latest event of a render; empty if none is kept. */
    Mono<RenderEvent> latest(String renderId) {
        return redis.hget(keys.latestEvents(), renderId).onErrorMap(RedisFailure::translate).map(this::event);
    }

    /** The sequence of the latest event; 0 before the first. */
    Mono<Long> lastSequence() {
        return redis.get(keys.eventSequence()).onErrorMap(RedisFailure::translate).map(Long::parseLong)
                .defaultIfEmpty(0L)
                .doOnNext(this::saw);
    }

    private CatchUp decode(List<Object> reply, Selection selection, OptionalLong lastEventId) {
        List<Object> flat = reply;
        long watermark = Long.parseLong(flat.get(0).toString());
        boolean since = "since".equals(flat.get(1).toString());
        long after = lastEventId.orElse(Long.MIN_VALUE);
        List<RenderEvent> events = new ArrayList<>();
        for (int i = 2; i + 1 < flat.size(); i += 2) {
            RenderEvent event = new RenderEvent(Long.parseLong(flat.get(i).toString()),
                    codec.decode(flat.get(i + 1).toString()));
            if (selection.matches(event.render()) && (!since || event.sequence() > after)) {
                events.add(event);
            }
        }
        events.sort(Comparator.comparingLong(RenderEvent::sequence));
        return new CatchUp(watermark, events);
    }

    private RenderEvent event(String value) {
        int colon = value.indexOf(':');
        return new RenderEvent(Long.parseLong(value.substring(0, colon)), codec.decode(value.substring(colon + 1)));
    }

    private int latestCap() {
        return Math.max(10_000, config.snapshotLimit());
    }
}
