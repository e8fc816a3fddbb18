package dev.rendergateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines and events are cut where the formats say, whatever the chunks' boundaries. */
class WireFormatsTest {

    @Test
    void linesSurviveAChunkBoundaryInsideACharacter() {
        byte[] bytes = "première\r\nzweite\nrest".getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter();
        List<String> lines = new ArrayList<>();
        for (byte b : bytes) {
            lines.addAll(splitter.push(new byte[] {b}));
        }
        lines.addAll(splitter.rest());

        assertThat(lines).containsExactly("première", "zweite", "rest");
    }

    @Test
    void anEventEndsAtABlankLineWithItsIdNameAndDataLines() {
        SseParser parser = new SseParser();
        List<Optional<SseEvent>> seen = new ArrayList<>();
        for (String line : List.of("retry: 2500", ": heartbeat", "id: 7", "event: render", "data: {\"a\":",
                "data: 1}", "")) {
            seen.add(parser.line(line));
        }

        assertThat(seen.subList(0, 6)).allMatch(Optional::isEmpty);
        assertThat(seen.get(6)).contains(new SseEvent("7", "render", "{\"a\":\n1}"));
        assertThat(parser.retry()).contains(Duration.ofMillis(2500));
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothing() {
        SseParser parser = new SseParser();
        assertThat(parser.line("event: render")).isEmpty();
        assertThat(parser.line("")).isEmpty();
        assertThat(parser.line("data: x")).isEmpty();
        assertThat(parser.line("")).contains(new SseEvent(null, "message", "x"));
    }

    @Test
    void aRenderKeepsTheJsonAsTheApiSentIt() {
        WireJson json = new WireJson(new ObjectMapper());
        String text = "{\"id\":\"r_1\",\"status\":\"done\",\"progress\":100,\"credits\":5.0,"
                + "\"error\":null,\"futureMember\":true,\"createdAt\":\"2026-05-28T14:00:00Z\"}";

        Render render = json.render(text.getBytes(StandardCharsets.UTF_8));

        assertThat(render.status()).isEqualTo(RenderStatus.DONE);
        assertThat(render.isTerminal()).isTrue();
        assertThat(render.credits()).isEqualTo(5.0);
        assertThat(render.createdAt()).isEqualTo(Instant.parse("2026-05-28T14:00:00Z"));
        assertThat(json.text(render)).isEqualTo(text);
    }

    @Test
    void anUnknownStatusIsNeitherAnErrorNorTerminal() {
        assertThat(RenderStatus.fromWireName("paused")).isEqualTo(RenderStatus.UNKNOWN);
        assertThat(RenderStatus.UNKNOWN.isTerminal()).isFalse();
    }
}
