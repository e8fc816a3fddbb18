package dev.rendergateway.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.render.Render;
import java.io.UncheckedIOException;

/**
 * A render as Redis keeps it: the whole record as JSON, revision and trace context included; a record written
 * before renders kept their trace reads back with none.
 */
public final class RenderCodec {

    private final ObjectMapper mapper = RecordJson.mapper();

    public RenderCodec() {
        // Build the (de)serializers now, not under Jackson's lock on the first event loop that needs them.
        Render sample = Render.queued("r_warmup", "t", new dev.rendergateway.core.render.RenderRequest(
                mapper.createObjectNode(), null, null), java.time.Instant.EPOCH).withTrace(RecordJson.WARMUP_TRACE);
        decode(encode(sample));
    }

    public String encode(Render render) {
        try {
            return mapper.writeValueAsString(render);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Render decode(String json) {
        try {
            return mapper.readValue(json, Render.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
