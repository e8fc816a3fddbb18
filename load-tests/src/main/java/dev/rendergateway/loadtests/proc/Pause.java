package dev.rendergateway.loadtests.proc;

import java.time.Duration;

/** The harness's waits between the steps of a scenario (real time: it drives real processes). */
public final class Pause {

    private Pause() {
    }

    /** Sleeps for {@code duration}; an interruption ends the scenario. */
    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
