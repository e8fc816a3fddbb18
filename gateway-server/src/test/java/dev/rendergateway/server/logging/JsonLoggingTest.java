package dev.rendergateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.OutputStreamAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The logging set up in code: JSON lines through a never-blocking async appender, and who may replace it. */
class JsonLoggingTest {

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void forgetTheSwitch() {
        System.clearProperty(JsonLogging.PROPERTY);
        context.stop();
    }

    @Test
    void writesJsonLinesThroughANeverBlockingAsyncAppender() {
        System.setProperty(JsonLogging.PROPERTY, "json");

        ExecutionStatus status = configure();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        PollingAsyncAppender async = (PollingAsyncAppender) root.getAppender("ASYNC");
        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("reactor.netty").getLevel()).isEqualTo(Level.WARN);
        OutputStreamAppender<?> console = (OutputStreamAppender<?>) async.getAppender("CONSOLE");
        assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);
        assertThat(console.isStarted()).isTrue();
        // Buffered: the writer thread flushes once per batch, not once per line.
        assertThat(console.isImmediateFlush()).isFalse();
    }

    @Test
    void leavesTheConfigurationToALogbackTestXmlOnTheClassPath() {
        // The test class path carries gateway-core's quiet logback-test.xml.
        assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC")).isNull();
    }

    private ExecutionStatus configure() {
        JsonLogging logging = new JsonLogging();
        logging.setContext(context);
        return logging.configure(context);
    }
}
