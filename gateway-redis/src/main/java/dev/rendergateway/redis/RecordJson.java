package dev.rendergateway.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rendergateway.core.tracing.TraceContext;

/** The Jackson mapper of the records Redis keeps as JSON: ISO instants, unknown fields ignored, nulls absent. */
final class RecordJson {

    /** A trace context for the codecs' warm-up records, so that its (de)serializer is built before use too. */
    static final TraceContext WARMUP_TRACE =
            new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "warm=up");

    private RecordJson() {
    }

    /** A new mapper; each codec warms it with its own record before event loops share it. */
    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Absent, not null: Jackson reads a JSON null into a JsonNode property as NullNode, not null.
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
