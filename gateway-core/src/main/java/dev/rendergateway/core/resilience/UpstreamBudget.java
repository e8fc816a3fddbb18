package dev.rendergateway.core.resilience;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The upstream's request budget, shared by every POST and GET of the deployment: a request is sent only
 * after {@link #slot(Lane)} granted it a place.
 */
public interface UpstreamBudget {

    /**
     * Emits a slot when a request of this lane may be sent now. Waits as long as it takes (nothing fails
     * for lack of budget); cancelling the wait gives the place up without using a slot. The caller tells
     * the slot when its request has left ({@link BudgetSlot#sent()}), or that it sent nothing.
     */
    Mono<BudgetSlot> slot(Lane lane);

    /** The upstream asked everyone to wait (a 429 with {@code Retry-After}): grant no slot for {@code wait}. */
    void pause(Duration wait);

    /** How many requests of the lane are waiting for a slot. */
    int waiting(Lane lane);
}
