package dev.rendergateway.sandbox.faults;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Deterministic, lock-free source of random generators: the n-th call always yields the same stream. */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final AtomicLong state;

    public SeededRandom(long seed) {
        this.state = new AtomicLong(seed);
    }

    /** A fresh generator for one caller; safe from any thread, never blocks. */
    public SplittableRandom next() {
        return new SplittableRandom(state.addAndGet(GOLDEN_GAMMA));
    }
}
