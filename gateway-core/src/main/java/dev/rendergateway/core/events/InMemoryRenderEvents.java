package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The embedded default {@link RenderEvents}: an in-process log with fan-out to this instance's subscribers.
 *
 * <p>Numbering, recording and queueing an event happen under one short lock, so every subscriber receives
 * events in sequence order and a feed joins its catch-up and the live events without a gap or a repeat.
 * Delivery happens outside the lock, at each subscriber's own pace (see {@link Mailbox}). Sequences start
 * from the start time in microseconds, so the ids a client kept from before a restart stay below the new ones.
 */
public final class InMemoryRenderEvents extends MailboxRenderEvents {

    private final long start;
    private final Map<String, TenantLog> logs = new HashMap<>();
    private long sequence;

    /** Default bounds, sequences starting from the current time in microseconds. */
    public InMemoryRenderEvents() {
        this(EventsConfig.defaults(), System.currentTimeMillis() * 1_000);
    }

    public InMemoryRenderEvents(EventsConfig config, long start) {
        super(config);
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
                targets = offer(event);
            }
            Mailbox.drainAll(targets);
            return event;
        });
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
    public Mono<Long> lastSequence() {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                return sequence;
            }
        });
    }

    @Override
    protected Mailbox open(CoreSubscriber<? super RenderEvent> actual, Selection selection, OptionalLong lastEventId,
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
