package dev.rendergateway.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few waits BlockHound may ignore in the test suites, each a short internal lock rather than I/O:
 * <ul>
 *   <li>Logback's console appender takes a short lock and writes to stdout (production logs through a queue that
 *       never blocks, logstash-logback-encoder's
 *       ring-buffer appender);</li>
 *   <li>Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} when it frees a chunk or grows its
 *       magazines, which parks only under contention for a few instructions;</li>
 *   <li>Lettuce's {@code SharedLock} guards its command queue with a short {@code ReentrantLock}. A BlockHound error
 *       thrown while it holds the lock exclusively leaves the lock taken, and every later command of that
 *       connection spins forever in {@code incrementWriters}: seen as a test run hanging at 100 % CPU.</li>
 *   <li>Cancelling a task scheduled on a Reactor scheduler takes its executor's queue lock
 *       ({@code ScheduledFutureTask.cancel} removes it from the queue). Reactor allows this for one-shot tasks
 *       ({@code SchedulerTask.dispose}) but not for periodic ones ({@code Flux.interval}, e.g. a poll loop that
 *       ends). A BlockHound error thrown while parking in {@code AbstractQueuedSynchronizer.acquire} leaves a ghost
 *       waiter queued on that lock, and the scheduler's worker then waits for ever for a lock nobody holds: seen
 *       under CPU load as half of {@code Schedulers.parallel()}'s tasks never running again (a thread dump showed
 *       {@code parallel-1} parked on the {@code DelayedWorkQueue} lock, with no owner).</li>
 * </ul>
 */
public final class TestBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                        "tryExpandMagazines")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "unlockWritersExclusive")
                .allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                        "cancel");
    }
}
