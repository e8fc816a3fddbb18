package dev.rendergateway.loadtests.proc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still at the instant it was made until {@link #release()}, then runs on from there. The
 * bench sandbox's renders follow their clock, so renders submitted while it is held stay unchanged until released:
 * the fan-out connects its subscribers without events in flight, then lets the renders change.
 */
public final class HeldClock extends Clock {
    private final Instant start;
    private volatile long releasedAtNanos;
    private volatile boolean released;

    /** A clock held at now. */
    public HeldClock() {
        this.start = Instant.now();
    }

    /** Lets it run from the instant it was held at (a second call changes nothing). */
    public synchronized void release() {
        if (!released) {
            releasedAtNanos = System.nanoTime();
            released = true;
        }
    }

    @Override
    public Instant instant() {
        return released ? start.plusNanos(System.nanoTime() - releasedAtNanos) : start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a held clock is UTC only");
    }
}
