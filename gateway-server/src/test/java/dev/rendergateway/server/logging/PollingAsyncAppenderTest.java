package dev.rendergateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The appender that never wakes its writer: order kept, nothing lost on stop, overflow dropped and counted. */
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

    private LoggingEvent event(String message) {
        return new LoggingEvent(getClass().getName(), context.getLogger("polling-appender-test"), Level.INFO, message,
                null, null);
    }
}
