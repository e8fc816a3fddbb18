package dev.rendergateway.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A render's public JSON is written once per revision, and is always the JSON of the revision asked for. */
class EncodedRendersTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final ObjectMapper mapper = GatewayObjectMapper.create();
    private final RenderJson json = new RenderJson(mapper);

    @Test
    void writesAnUnchangedRenderOnceAndEachNewRevisionAfresh() throws IOException {
        EncodedRenders encoded = new EncodedRenders(json, mapper, 100);
        Render queued = render("r_1");
        Render running = queued.submitting(T0).running("p_1", T0.plusSeconds(1)).withRevision(1);

        byte[] first = encoded.of(queued);

        assertThat(encoded.of(queued)).isSameAs(first);
        assertThat(mapper.readTree(first)).isEqualTo(json.toJson(queued));
        JsonNode later = mapper.readTree(encoded.of(running));
        assertThat(later).isEqualTo(json.toJson(running));
        assertThat(later.path("status").asText()).isEqualTo("running");
        // A stale copy of the render (another reader's older revision) gets its own content, not the cached one.
        assertThat(mapper.readTree(encoded.of(queued)).path("status").asText()).isEqualTo("queued");
    }

    @Test
    void staysCorrectPastItsCapacity() throws IOException {
        EncodedRenders encoded = new EncodedRenders(json, mapper, 3);

        for (int i = 0; i < 10; i++) {
            Render render = render("r_" + i);
            assertThat(mapper.readTree(encoded.of(render)).path("id").asText()).isEqualTo("r_" + i);
        }
        assertThat(mapper.readTree(encoded.of(render("r_2"))).path("id").asText()).isEqualTo("r_2");
    }

    private Render render(String id) {
        return Render.queued(id, "acme", new RenderRequest(mapper.createObjectNode().put("scenes", 1), null, null),
                T0);
    }
}
