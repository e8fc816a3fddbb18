package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded default {@link RenderEvents}: an in-process log with fan-out to this instance's subscribers.
 *
 * <p>Numbering, recording and queueing an event happen under one short lock, so every subscriber receives
 * events in sequence order and a feed joins its catch-up and the live events without a gap or a repeat.
 * Delivery happens outside the lock, at each subscriber's own pace (see {@link Mailbox}). Sequences start
 * from the start time in microseconds, so the ids a client kept from before a restart stay below the new ones.
 */
public final class InMemoryRenderEvents implements RenderEvents, SubscriberStats {

    private final Object lock = new Object();
    private final EventsConfig config;
    private final long start;
    private final Map<String, TenantLog> logs = new HashMap<>();
    private final Subscribers subscribers = new Subscribers();
    private final LongAdder conflated = new LongAdder();
    private long sequence;

    /** Default bounds, sequences starting from the current time in microseconds. */
    public InMemoryRenderEvents() {
        this(EventsConfig.defaults(), System.currentTimeMillis() * 1_000);
    }

    public InMemoryRenderEvents(EventsConfig config, long start) {
        this.config = config;
        this.start = start;
        this.sequence = start;
    }

    @Override
    public Mono<RenderEvent> publish(Render render) {
        return Mono.fromSupplier(() -> {
            RenderEvent event;
            List<Mailbox> targets;
            synchronized (lock) {
                event = new RenderEvent(++sequence, render);
                logOf(render.tenant()).append(event);
                targets = subscribers.of(render);
                targets.forEach(mailbox -> mailbox.offer(event));
            }
            Mailbox.drainAll(targets);
            return event;
        });
    }

    @Override
    public Flux<RenderEvent> follow(Selection selection, OptionalLong lastEventId) {
        return new MailboxFlux(actual -> open(actual, selection, lastEventId, true));
    }

    @Override
    public Mono<RenderEvent> latest(String renderId) {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                for (TenantLog log : logs.values()) {
                    RenderEvent event = log.latest(renderId);
                    if (event != null) {
                        return event;
                    }
                }
                return null;
            }
        });
    }

    @Override
    public Flux<RenderEvent> ofRender(String renderId) {
        return new MailboxFlux(actual -> open(actual, new Selection("", Set.of(renderId)), OptionalLong.empty(),
                false));
    }

    @Override
    public Flux<RenderEvent> ofTenant(String tenant) {
        return new MailboxFlux(actual -> open(actual, Selection.allOf(tenant), OptionalLong.empty(), false));
    }

    @Override
    public boolean isWatched(String tenant, String renderId) {
        return subscribers.isWatched(tenant, renderId);
    }

    @Override
    public Mono<Long> lastSequence() {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                return sequence;
            }
        });
    }

    /** How many renders and tenants have live subscribers; for tests and metrics. */
    @Override
    public int subscribedKeys() {
        return subscribers.subscribedKeys();
    }

    @Override
    public int subscriberCount() {
        return subscribers.count();
    }

    @Override
    public long pendingEvents() {
        return subscribers.pendingEvents();
    }

    /** How many pending changes were replaced by a newer change of the same render, since the start. */
    @Override
    public long conflatedEvents() {
        return conflated.sum();
    }

    private Mailbox open(CoreSubscriber<? super RenderEvent> actual, Selection selection, OptionalLong lastEventId,
                         boolean catchUp) {
        Mailbox mailbox = new Mailbox(actual, config, this::release, conflated);
        synchronized (lock) {
            if (catchUp) {
                mailbox.preload(catchUp(selection, lastEventId));
            }
            subscribers.add(mailbox, selection);
        }
        return mailbox;
    }

    private List<RenderEvent> catchUp(Selection selection, OptionalLong lastEventId) {
        TenantLog log = logOf(selection.tenant());
        if (lastEventId.isPresent() && lastEventId.getAsLong() >= start && lastEventId.getAsLong() <= sequence) {
            long after = lastEventId.getAsLong();
            List<RenderEvent> replay = log.replayAfter(after, selection);
            return replay != null ? replay : log.latestAfter(after, selection);
        }
        return log.current(selection, config.snapshotLimit());
    }

    private void release(Mailbox mailbox) {
        synchronized (lock) {
            subscribers.remove(mailbox);
        }
    }

    private TenantLog logOf(String tenant) {
        return logs.computeIfAbsent(tenant, t -> new TenantLog(config.historyPerTenant(), start));
    }
}
