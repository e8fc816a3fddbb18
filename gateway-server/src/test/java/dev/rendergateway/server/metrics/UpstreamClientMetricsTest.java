package dev.rendergateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.RawUpstream;
import dev.rendergateway.core.testing.RawUpstream.Reply;
import dev.rendergateway.core.upstream.Json2VideoClientConfig;
import dev.rendergateway.core.upstream.ReactorNettyJson2VideoClient;
import dev.rendergateway.server.support.LogCapture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Reactor Netty's client metrics (on in the gateway) record every odd but legal answer of a strict or
 * unusual upstream without a single warning: early refusals, closed connections, HTTP/1.0, stalls, giant answers.
 */
class UpstreamClientMetricsTest {

    private static final String CREATED = "{\"success\":true,\"project\":\"WAEE8PohgVwv2teP\"}";
    private static final String RUNNING =
            "{\"success\":true,\"movie\":{\"project\":\"WAEE8PohgVwv2teP\",\"status\":\"running\",\"progress\":42}}";

    @Test
    void recordsOddButLegalAnswersWithoutAWarning() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (RawUpstream upstream = RawUpstream.start();
             LogCapture log = LogCapture.start(Level.INFO)) {
            ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                    Json2VideoClientConfig.custom(upstream.baseUrl(), "key").metrics(true)
                            .responseTimeout(Duration.ofMillis(300)).build(),
                    GatewayObjectMapper.create(), Clock.systemUTC());
            upstream.then(
                    Reply.early(Reply.json(411, "{\"success\":false,\"message\":\"Length Required\"}")),
                    Reply.early(Reply.bytes(413, "application/json", "{\"success\":false}", "Connection: close\r\n")),
                    Reply.json(200, CREATED),
                    Reply.closing(RUNNING),
                    Reply.http10UntilEof(RUNNING),
                    Reply.chunked(RUNNING, 5, 40),
                    Reply.headersThenStall(),
                    Reply.huge(8 * 1024 * 1024, new AtomicLong()),
                    Reply.bytes(502, "text/html", "<html>bad gateway</html>", ""),
                    Reply.json(200, RUNNING));
            try {
                for (int i = 0; i < 3; i++) {
                    client.submit(Movies.hello()).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
                }
                for (int i = 0; i < 7; i++) {
                    client.status("WAEE8PohgVwv2teP").onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
                }
            } finally {
                client.dispose();
            }

            List<ILoggingEvent> warnings = log.events().stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(event -> event.getLoggerName().startsWith("reactor.netty.http.client.Abstract")
                            || event.getFormattedMessage().contains("recording metrics"))
                    .toList();
            assertThat(warnings).isEmpty();
            assertThat(upstream.requests()).hasSize(10);
            assertThat(registry.find("reactor.netty.http.client.response.time").timers()).isNotEmpty();
        } finally {
            Metrics.removeRegistry(registry);
        }
    }
}
