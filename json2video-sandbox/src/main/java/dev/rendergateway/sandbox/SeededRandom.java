package dev.rendergateway.sandbox;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Deterministic, lock-free source of random generators: the n-th call always yields the same stream. */
final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final AtomicLong state;

    SeededRandom(long seed) {
        this.state = new AtomicLong(seed);
    }

    /** A fresh generator for one caller; safe from any thread, never blocks. */
    SplittableRandom next() {
        return new SplittableRandom(state.addAndGet(GOLDEN_GAMMA));
    }
}
