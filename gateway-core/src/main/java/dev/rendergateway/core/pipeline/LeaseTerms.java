package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The terms of an instance's leases, whatever keeps them: the name they carry and how long one lasts unrenewed.
 *
 * @param owner the instance's name, never blank
 * @param ttl how long a lease lasts without renewal, positive
 */
public record LeaseTerms(String owner, Duration ttl) {

    public LeaseTerms {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ttl, "ttl");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("a lease owner needs a name");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease must last a while, not " + ttl);
        }
    }
}
