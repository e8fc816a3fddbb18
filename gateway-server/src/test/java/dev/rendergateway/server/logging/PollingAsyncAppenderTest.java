package dev.rendergateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import dev.rendergateway.testkit.Eventually;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The appender that never wakes its writer: order kept, nothing lost on stop, overflow dropped and counted, one
 * flush per batch.
 */
class PollingAsyncAppenderTest {

    private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();
    private final PollingAsyncAppender appender = new PollingAsyncAppender();

    PollingAsyncAppenderTest() {
        written.setContext(context);
        written.start();
        appender.setContext(context);
        appender.addAppender(written);
    }

    @Test
    void writesEveryEventInOrderAndWhatItStillHoldsWhenStopped() {
        appender.start();

        IntStream.range(0, 1_000).forEach(i -> appender.doAppend(event("line " + i)));
        appender.stop();

        assertThat(written.list).extracting(ILoggingEvent::getMessage)
                .containsExactlyElementsOf(IntStream.range(0, 1_000).mapToObj(i -> "line " + i).toList());
        assertThat(appender.dropped()).isZero();
    }

    @Test
    void dropsAndCountsWhatExceedsItsCapacityInsteadOfWaiting() {
        appender.setCapacity(10);

        // Not started: nothing drains, so the queue fills up.
        IntStream.range(0, 15).forEach(i -> appender.append(event("line " + i)));
        appender.start();
        appender.stop();

        assertThat(appender.dropped()).isEqualTo(5);
        assertThat(written.list).extracting(ILoggingEvent::getMessage)
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void flushesABufferedStreamOncePerBatchRatherThanWritingEachLine() throws InterruptedException {
        CountingStream out = new CountingStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> stream = new OutputStreamAppender<>();
        stream.setContext(context);
        stream.setName("STREAM");
        stream.setEncoder(encoder);
        stream.setImmediateFlush(false);
        stream.setOutputStream(new BufferedOutputStream(out, 64 * 1024));
        stream.start();
        PollingAsyncAppender batching = new PollingAsyncAppender();
        batching.setContext(context);
        batching.addAppender(stream);
        IntStream.range(0, 1_000).forEach(i -> batching.append(event("line " + i)));

        batching.start();
        try {
            // Out without a stop: the writer flushes when its batch is done.
            Eventually.await("1,000 lines written", Duration.ofSeconds(5), () -> out.lines() >= 1_000);
            assertThat(out.lines()).isEqualTo(1_000);
            assertThat(out.writes()).isLessThanOrEqualTo(2);
        } finally {
            batching.stop();
        }
    }

    /** Counts write calls and lines reaching it. */
    private static final class CountingStream extends OutputStream {
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicInteger lines = new AtomicInteger();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writes.incrementAndGet();
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    lines.incrementAndGet();
                }
            }
        }

        int writes() {
            return writes.get();
        }

        int lines() {
            return lines.get();
        }
    }

    private LoggingEvent event(String message) {
        return new LoggingEvent(getClass().getName(), context.getLogger("polling-appender-test"), Level.INFO, message,
                null, null);
    }
}
