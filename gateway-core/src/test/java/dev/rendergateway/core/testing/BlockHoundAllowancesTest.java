package dev.rendergateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What {@link TestBlockHoundIntegration} lets pass, proven under the contention that made it necessary: a BlockHound
 * error thrown while a JDK lock is being acquired corrupts that lock for good.
 */
class BlockHoundAllowancesTest {

    @Test
    void aPeriodicTaskMayBeCancelledOnANonBlockingThreadWhileItsExecutorIsBusy() {
        // One executor, so that every schedule and cancel below contends for the same queue lock.
        Scheduler scheduler = Schedulers.newSingle("contended");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread contender = new Thread(() -> {
            while (!stop.get()) {
                scheduler.schedule(() -> { }, 1, TimeUnit.HOURS).dispose();
            }
        }, "contender");
        contender.setDaemon(true);
        contender.start();
        try {
            // On the scheduler's own (non-blocking) thread, as when a poll loop's Flux.interval ends.
            Mono.fromRunnable(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < deadline && failure.get() == null) {
                    Disposable periodic = scheduler.schedulePeriodically(() -> { }, 1, 1, TimeUnit.HOURS);
                    try {
                        periodic.dispose();
                    } catch (Throwable blocked) {
                        failure.set(blocked);
                    }
                }
            }).subscribeOn(scheduler).block(Duration.ofSeconds(10));
        } finally {
            stop.set(true);
            scheduler.dispose();
        }

        assertThat(failure.get()).isNull();
    }
}
