package dev.rendergateway.sandbox.faults;

import dev.rendergateway.sandbox.faults.SeededRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection of one sandbox, changeable at runtime: a probabilistic {@link FaultPlan} plus a script of
 * faults for the very next requests, which takes precedence. Lock-free and seeded.
 */
public final class SandboxFaults {
    private final AtomicReference<FaultPlan> plan = new AtomicReference<>(FaultPlan.none());
    private final ConcurrentLinkedQueue<Fault> script = new ConcurrentLinkedQueue<>();
    private final SeededRandom random;

    /** Faults drawing from a generator seeded with {@code seed}. */
    public SandboxFaults(long seed) {
        this.random = new SeededRandom(seed ^ 0x5DEECE66DL);
    }

    /** Replaces the probabilistic plan. */
    public void plan(FaultPlan faultPlan) {
        plan.set(Objects.requireNonNull(faultPlan, "faultPlan"));
    }

    /** The current probabilistic plan. */
    public FaultPlan plan() {
        return plan.get();
    }

    /** Scripts these faults, in order, for the next requests of any method (after any already scripted). */
    public void next(Fault... faults) {
        script.addAll(List.of(faults));
    }

    /** Removes the plan and every scripted fault. */
    public void clear() {
        script.clear();
        plan.set(FaultPlan.none());
    }

    /** Chooses what happens to one request with this method. */
    public FaultDecision decide(String method) {
        FaultPlan current = plan.get();
        boolean planned = current.appliesTo(method);
        Duration latency = planned ? current.latency() : Duration.ZERO;
        Fault scripted = script.poll();
        Fault fault = scripted != null ? scripted
                : planned ? current.pick(random.next().nextDouble()) : null;
        return new FaultDecision(fault, latency, current.retryAfterSeconds());
    }
}
