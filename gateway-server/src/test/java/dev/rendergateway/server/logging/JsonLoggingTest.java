package dev.rendergateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.encoder.com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The logging set up in code: JSON lines through the library's never-blocking async appender, and who may replace it. */
class JsonLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = new LoggerContext();

    JsonLoggingTest() {
        // As Logback's service provider does for the context of the JVM: MDC entries become fields.
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    @AfterEach
    void forgetTheSwitch() {
        System.clearProperty(JsonLogging.PROPERTY);
        context.stop();
    }

    @Test
    void writesJsonLinesThroughAnAsyncAppenderThatNeverBlocksNorWakesItsWriter() {
        System.setProperty(JsonLogging.PROPERTY, "json");

        ExecutionStatus status = configure();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        LoggingEventAsyncDisruptorAppender async = (LoggingEventAsyncDisruptorAppender) root.getAppender("ASYNC");
        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("reactor.netty").getLevel()).isEqualTo(Level.WARN);
        // A full ring buffer drops the line at once; a log call never signals the writer, which polls.
        assertThat(async.getAppendTimeout().getMilliseconds()).isZero();
        assertThat(async.getWaitStrategy()).isInstanceOf(SleepingWaitStrategy.class);
        assertThat(async.getRingBufferSize()).isEqualTo(8192);
        OutputStreamAppender<?> console = (OutputStreamAppender<?>) async.getAppender("CONSOLE");
        assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);
        assertThat(console.isStarted()).isTrue();
        // Buffered: the writer thread flushes once per batch, not once per line.
        assertThat(console.isImmediateFlush()).isFalse();
    }

    @Test
    void writesEveryLineInOrderAsOneJsonObjectWithItsKeyValuesAndTraceFields() throws Exception {
        System.setProperty(JsonLogging.PROPERTY, "json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            configure();
            Logger logger = context.getLogger("spec");
            for (int i = 0; i < 500; i++) {
                MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
                try {
                    logger.atInfo().addKeyValue("request_id", "req-" + i).log("line {}", i);
                } finally {
                    MDC.remove("trace_id");
                }
            }
            // Stopping the context stops the appender, which writes out what it still holds.
            context.stop();
        } finally {
            System.setOut(stdout);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            // Logback's own status messages (not events) print as plain text on the same stream.
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).as(captured.toString(StandardCharsets.UTF_8)).hasSize(500);
        assertThat(lines.get(499).path("message").asText()).isEqualTo("line 499");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(line.path("request_id").asText()).startsWith("req-");
            assertThat(line.has("timestamp")).isTrue();
        });
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
