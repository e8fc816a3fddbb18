package dev.rendergateway.core.webhooks;

import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.store.ForwardingRenderStore;
import dev.rendergateway.core.store.RenderStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A {@link RenderStore} that enqueues the caller's webhook delivery in the same step as the write that ends a
 * render. Compare-and-set lets only one writer end a render, so each end is announced once, whichever writer
 * (poller, submitter, cancel) it was. Everything else passes through.
 */
public final class WebhookOutbox extends ForwardingRenderStore {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

    private final WebhookDispatcher dispatcher;
    private final DeliveryPayloads payloads;
    private final Clock clock;

    public WebhookOutbox(RenderStore renders, WebhookDispatcher dispatcher, DeliveryPayloads payloads,
                         Scheduler scheduler) {
        super(renders);
        this.dispatcher = dispatcher;
        this.payloads = payloads;
        this.clock = new SchedulerClock(scheduler);
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return renders().compareAndSet(current, next).flatMap(stored -> {
            if (current.isTerminal() || !stored.isTerminal() || stored.webhook() == null) {
                return Mono.just(stored);
            }
            return Mono.defer(() -> dispatcher.enqueue(payloads.deliveryOf(stored, clock.instant())))
                    .onErrorResume(error -> {
                        log.error("the webhook delivery of render {} could not be enqueued", stored.id(), error);
                        return Mono.empty();
                    })
                    .thenReturn(stored);
        });
    }
}
