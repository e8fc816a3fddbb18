package dev.rendergateway.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
    private static final int STDOUT_BUFFER = 64 * 1024;

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

    /**
     * JSON lines to standard output through a buffer that the writer thread flushes after each batch. Logback's
     * {@code ConsoleAppender} hands each line to {@code System.out}, which flushes it, so one write(2) per line:
     * 4 % of the read path's CPU with an access line per request.
     */
    private static OutputStreamAppender<ILoggingEvent> console(LoggerContext context) {
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
        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.setImmediateFlush(false);
        // Over System.out (which a test harness may have replaced), one write per flush of this buffer.
        console.setOutputStream(new BufferedOutputStream(new StandardOutput(System.out), STDOUT_BUFFER));
        console.start();
        return console;
    }

    private static PollingAsyncAppender async(LoggerContext context, OutputStreamAppender<ILoggingEvent> console) {
        PollingAsyncAppender async = new PollingAsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setCapacity(8192);
        async.addAppender(console);
        async.start();
        return async;
    }

    /** Standard output that stopping the appender flushes but never closes: others may still print to it. */
    private static final class StandardOutput extends OutputStream {
        private final PrintStream out;

        StandardOutput(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
