package dev.rendergateway.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The gateway's logging, set up in code rather than parsed from XML at every start (Joran's XML reading took
 * about a tenth of the start-up): one JSON object per line on stdout (logstash-logback-encoder) with the
 * event's key-value pairs as fields, through an async appender that never blocks nor wakes a thread
 * ({@link PollingAsyncAppender}), so that logging on an event loop cannot stall it (under overload, lines are
 * dropped rather than waited for). Netty and Reactor Netty log
 * from WARN, everything else from INFO.
 *
 * <p>{@code -Dlogback.configurationFile=…} still replaces it, and so does a {@code logback-test.xml} on the class
 * path, unless {@code -D}{@value #PROPERTY}{@code =json} asks for this configuration anyway.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JsonLogging extends ContextAwareBase implements Configurator {

    /** System property: {@code json} selects this configuration even where a test configuration exists. */
    public static final String PROPERTY = "render-gateway.logging";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!"json".equals(System.getProperty(PROPERTY)) && configuredElsewhere()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async(context, console(context)));
        context.getLogger("reactor.netty").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean configuredElsewhere() {
        return System.getProperty("logback.configurationFile") != null
                || JsonLogging.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.getFieldNames().setTimestamp("timestamp");
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
        throwables.setMaxDepthPerThrowable(30);
        throwables.setRootCauseFirst(true);
        encoder.setThrowableConverter(throwables);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    private static PollingAsyncAppender async(LoggerContext context, ConsoleAppender<ILoggingEvent> console) {
        PollingAsyncAppender async = new PollingAsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setCapacity(8192);
        async.addAppender(console);
        async.start();
        return async;
    }
}
