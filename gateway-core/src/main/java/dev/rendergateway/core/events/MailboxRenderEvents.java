package dev.rendergateway.core.events;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * The local half that every {@link RenderEvents} shares: this instance's subscribers, one {@link Mailbox} each,
 * and the figures they add up to. An implementation says where events come from and how a feed catches up
 * ({@link #open}); changes of the subscribers happen under {@link #lock}.
 */
public abstract class MailboxRenderEvents implements RenderEvents, SubscriberStats {

    protected final Object lock = new Object();
    protected final EventsConfig config;
    protected final Subscribers subscribers = new Subscribers();
    protected final LongAdder conflated = new LongAdder();

    protected MailboxRenderEvents(EventsConfig config) {
        this.config = config;
    }

    /**
     * Opens a mailbox for {@code actual} following {@code selection}, with the catch-up (after
     * {@code lastEventId} when present) when {@code catchUp}, live changes only otherwise.
     */
    protected abstract Mailbox open(CoreSubscriber<? super RenderEvent> actual, Selection selection, OptionalLong lastEventId,
                          boolean catchUp);

    /**
     * Queues {@code event} for every subscriber that receives it and returns them; call it under {@link #lock},
     * and {@link Mailbox#drainAll} the result outside it.
     */
    protected final List<Mailbox> offer(RenderEvent event) {
        List<Mailbox> targets = subscribers.of(event.render());
        targets.forEach(mailbox -> mailbox.offer(event));
        return targets;
    }

    @Override
    public final Flux<RenderEvent> follow(Selection selection, OptionalLong lastEventId) {
        return new MailboxFlux(actual -> open(actual, selection, lastEventId, true));
    }

    @Override
    public final Flux<RenderEvent> ofRender(String renderId) {
        return new MailboxFlux(actual -> open(actual, new Selection("", Set.of(renderId)), OptionalLong.empty(),
                false));
    }

    @Override
    public final Flux<RenderEvent> ofTenant(String tenant) {
        return new MailboxFlux(actual -> open(actual, Selection.allOf(tenant), OptionalLong.empty(), false));
    }

    @Override
    public final boolean isWatched(String tenant, String renderId) {
        return subscribers.isWatched(tenant, renderId);
    }

    /** How many renders and tenants have live subscribers; for tests and metrics. */
    @Override
    public final int subscribedKeys() {
        return subscribers.subscribedKeys();
    }

    @Override
    public final int subscriberCount() {
        return subscribers.count();
    }

    @Override
    public final long pendingEvents() {
        return subscribers.pendingEvents();
    }

    /** How many pending changes were replaced by a newer change of the same render, since the start. */
    @Override
    public final long conflatedEvents() {
        return conflated.sum();
    }
}
