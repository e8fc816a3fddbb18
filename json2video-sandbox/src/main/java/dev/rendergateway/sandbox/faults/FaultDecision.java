package dev.rendergateway.sandbox.faults;

import java.time.Duration;

/** The fault (or {@code null}) and latency chosen for one request, with the plan's Retry-After. */
public record FaultDecision(Fault fault, Duration latency, long retryAfterSeconds) {

    /** Whether a fault was chosen. */
    public boolean faulty() {
        return fault != null;
    }
}
