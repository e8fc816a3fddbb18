package dev.rendergateway.sandbox;

import java.time.Duration;

/** The fault (or {@code null}) and latency chosen for one request, with the plan's Retry-After. */
record FaultDecision(Fault fault, Duration latency, long retryAfterSeconds) {

    /** Whether a fault was chosen. */
    boolean faulty() {
        return fault != null;
    }
}
