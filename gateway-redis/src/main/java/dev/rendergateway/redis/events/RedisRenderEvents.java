package dev.rendergateway.redis.events;

import dev.rendergateway.core.events.EventsConfig;
import dev.rendergateway.core.events.Mailbox;
import dev.rendergateway.core.events.MailboxRenderEvents;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.Selection;
import dev.rendergateway.core.events.SubscriberOverflowException;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.store.StoreStallRetry;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RenderCodec;
import java.util.List;
import java.util.OptionalLong;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * {@link RenderEvents} shared by every instance through Redis. Publishing numbers the event with the global
 * sequence and records it in Redis (see {@code events-publish.lua}); each instance reads the stream of all
 * events once ({@link RedisEventReader}) and fans it out locally to the same {@link Mailbox} machinery as the
 * in-memory log, so conflation, ordering and back-pressure are the same. A feed registers its mailbox first,
 * holds live events while its catch-up is read from Redis in one script, then delivers the catch-up and the
 * live events newer than the catch-up's watermark: no gap, no repeat. A catch-up Redis does not answer in time
 * is read again a few times before the feed fails. No Redis subscription exists per client, so a cancelled
 * feed holds nothing in Redis.
 */
public final class RedisRenderEvents extends MailboxRenderEvents implements Disposable {

    /** Events kept in the stream of all events; a reader further behind than this resumes feeds from history. */
    private static final int ALL_EVENTS_MAX_LENGTH = 100_000;

    private final RedisEventLog log;
    private final RedisEventReader reader;

    /** Connects the fan-out; blocks until the log's current sequence is read, so call it at start. */
    public RedisRenderEvents(RedisConnection connection, EventsConfig config) {
        super(config);
        RenderCodec codec = new RenderCodec();
        this.log = new RedisEventLog(connection, config, codec, ALL_EVENTS_MAX_LENGTH);
        this.reader = new RedisEventReader(connection, codec, this::fanOut, this::endAllFeeds)
                .startAfter(log.lastSequence().block());
    }

    public RedisRenderEvents(RedisConnection connection) {
        this(connection, EventsConfig.defaults());
    }

    @Override
    public Mono<RenderEvent> publish(Render render) {
        return log.append(render).map(sequence -> new RenderEvent(sequence, render));
    }

    @Override
    public Mono<RenderEvent> latest(String renderId) {
        return log.latest(renderId);
    }

    @Override
    public Mono<Long> lastSequence() {
        return log.lastSequence();
    }

    @Override
    public void dispose() {
        reader.dispose();
    }

    @Override
    public boolean isDisposed() {
        return reader.isDisposed();
    }

    @Override
    protected Mailbox open(CoreSubscriber<? super RenderEvent> actual, Selection selection, OptionalLong lastEventId,
                 boolean catchUp) {
        Disposable.Swap reading = Disposables.swap();
        Mailbox mailbox = new Mailbox(actual, config, box -> release(box, reading), conflated);
        if (catchUp) {
            mailbox.hold();
        }
        synchronized (lock) {
            subscribers.add(mailbox, selection);
        }
        if (catchUp) {
            // A read, so safe to repeat: a burst of (re)connecting clients or a Redis stall must not end feeds.
            reading.update(StoreStallRetry.read(() -> log.catchUp(selection, lastEventId)).subscribe(
                    read -> mailbox.resume(read.events(), read.watermark()),
                    mailbox::fail));
        }
        return mailbox;
    }

    private void fanOut(RenderEvent event) {
        log.saw(event.sequence());
        List<Mailbox> targets;
        synchronized (lock) {
            targets = offer(event);
        }
        Mailbox.drainAll(targets);
    }

    private void endAllFeeds() {
        List<Mailbox> all;
        synchronized (lock) {
            all = subscribers.all();
        }
        all.forEach(mailbox -> mailbox.fail(new SubscriberOverflowException(config.mailboxCapacity())));
    }

    private void release(Mailbox mailbox, Disposable reading) {
        reading.dispose();
        synchronized (lock) {
            subscribers.remove(mailbox);
        }
    }
}
