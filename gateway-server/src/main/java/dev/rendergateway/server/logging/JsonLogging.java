package dev.rendergateway.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Duration;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The gateway's logging, set up in code rather than parsed from XML at every start (Joran's XML reading took
 * about a tenth of the start-up): one JSON object per line on stdout (logstash-logback-encoder) with the
 * event's key-value pairs and MDC entries ({@code trace_id}, {@code span_id}) as fields, through
 * logstash-logback-encoder's {@link LoggingEventAsyncDisruptorAppender}: logging on an event loop never blocks
 * (under overload, lines are dropped rather than waited for) and never wakes the writer thread. Netty and Reactor
 * Netty log from WARN, everything else from INFO.
 *
 * <p>{@code -Dlogback.configurationFile=…} still replaces it, and so does a {@code logback-test.xml} on the class
 * path, unless {@code -D}{@value #PROPERTY}{@code =json} asks for this configuration anyway.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JsonLogging extends ContextAwareBase implements Configurator {

    /** System property: {@code json} selects this configuration even where a test configuration exists. */
    public static final String PROPERTY = "render-gateway.logging";
    private static final int STDOUT_BUFFER = 64 * 1024;
    private static final int RING_BUFFER = 8192;
    private static final long WRITER_NAP_NANOS = 1_000_000;

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

    /**
     * The library's ring-buffer appender, tuned as the gateway needs it: a full buffer drops the line at once
     * (append timeout 0) instead of making a request thread wait, and the sleeping wait strategy lets the writer
     * poll (parking 1 ms when idle) so that a log call never signals it: a futex wake-up per line cost more than a
     * whole request on small machines. The writer flushes the buffered console once per batch.
     */
    private static LoggingEventAsyncDisruptorAppender async(LoggerContext context,
                                                            OutputStreamAppender<ILoggingEvent> console) {
        LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setRingBufferSize(RING_BUFFER);
        async.setAppendTimeout(Duration.buildByMilliseconds(0));
        async.setWaitStrategyType("sleeping{0," + WRITER_NAP_NANOS + "}");
        async.setThreadNameFormat("render-gateway-log-writer-%2$d");
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
