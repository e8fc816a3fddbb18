package dev.rendergateway.core.events;

import java.util.function.Function;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/** A cold flux that opens a mailbox for each subscriber, with whatever catch-up its opener gives it. */
final class MailboxFlux extends Flux<RenderEvent> {

    private final Function<CoreSubscriber<? super RenderEvent>, Mailbox> opener;

    MailboxFlux(Function<CoreSubscriber<? super RenderEvent>, Mailbox> opener) {
        this.opener = opener;
    }

    @Override
    public void subscribe(CoreSubscriber<? super RenderEvent> actual) {
        opener.apply(actual).start();
    }
}
