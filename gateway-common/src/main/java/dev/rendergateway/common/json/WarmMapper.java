package dev.rendergateway.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Warms a Jackson mapper before event loops share it. Jackson builds its (de)serializers lazily under a lock, and the
 * first concurrent requests on several event loops would otherwise wait on that lock, blocking event loops.
 */
public final class WarmMapper {

    private static final String SAMPLE = "{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}]}";

    private WarmMapper() {
    }

    /** Builds {@code mapper}'s tree and map (de)serializers now, on the calling thread; returns the same mapper. */
    public static ObjectMapper of(ObjectMapper mapper) {
        try {
            JsonNode sample = mapper.readTree(SAMPLE);
            mapper.readTree(SAMPLE.getBytes(StandardCharsets.UTF_8));
            mapper.writeValueAsBytes(sample);
            mapper.writeValueAsString(sample);
            mapper.writeValueAsBytes(Map.of("a", List.of(1, "x")));
            return mapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
