package dev.rendergateway.core.resilience;

/** One granted place in the upstream budget, held until its request has left. */
public interface BudgetSlot {

    /**
     * The request has been written (or will not be sent at all); the next slot may follow. Idempotent;
     * call it when the request ends too, so that a slot is never held forever.
     */
    void sent();
}
