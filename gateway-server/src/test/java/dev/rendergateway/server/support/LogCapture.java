package dev.rendergateway.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the test JVM, from any thread, at the levels a test asks for; restores the
 * levels and detaches on {@link #close()}. (Logback's ListAppender is not safe to read while threads log.)
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> previousLevels = new HashMap<>();

    private LogCapture() {
    }

    /** Starts capturing, with each named logger set to {@code level} until {@link #close()}. */
    public static LogCapture start(Level level, String... loggers) {
        LogCapture capture = new LogCapture();
        capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        root().addAppender(capture);
        for (String name : loggers) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            capture.previousLevels.put(name, logger.getLevel());
            logger.setLevel(level);
        }
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** A snapshot of what was logged so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages, with the message of any attached exception. */
    public List<String> lines() {
        return events().stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                .toList();
    }

    @Override
    public void close() {
        previousLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
