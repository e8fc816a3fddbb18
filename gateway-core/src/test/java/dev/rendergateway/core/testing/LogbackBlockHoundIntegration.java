package dev.rendergateway.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets test runs log from event loops: Logback's console and async appenders take a short lock and
 * write to stdout. Production logs through a never-blocking async appender (see logback.xml).
 */
public final class LogbackBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put");
    }
}
