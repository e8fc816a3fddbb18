package dev.rendergateway.core.quota;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.store.ForwardingRenderStore;
import dev.rendergateway.core.store.RenderStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Books renders into the {@link CreditLedger} as the pipeline stores them: one "accepted" per new render, and
 * its status and credits once, when the compare-and-set that ends it succeeds (on Redis only one instance's
 * does). A ledger that cannot be written is logged and skipped: the render's own update never fails for it.
 */
public final class CreditMeteringStore extends ForwardingRenderStore {

    private static final Logger log = LoggerFactory.getLogger(CreditMeteringStore.class);

    private final CreditLedger ledger;
    private final Clock clock;

    public CreditMeteringStore(RenderStore renders, CreditLedger ledger, Clock clock) {
        super(renders);
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Mono<Render> insert(Render render) {
        return super.insert(render).flatMap(stored -> booked(ledger.recordAccepted(stored.tenant(), today()), stored));
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        return super.compareAndSet(current, next).flatMap(stored -> current.isTerminal() || !stored.isTerminal()
                ? Mono.just(stored)
                : booked(ledger.recordFinished(stored.tenant(), today(), stored.status(),
                        stored.credits() == null ? 0 : stored.credits()), stored));
    }

    private Mono<Render> booked(Mono<Void> booking, Render stored) {
        return booking.onErrorResume(error -> {
            log.warn("render {} of tenant {} not booked in the credit ledger: {}", stored.id(), stored.tenant(),
                    error.toString());
            return Mono.empty();
        }).thenReturn(stored);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
