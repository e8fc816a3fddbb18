package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The sandbox's one Jackson mapper, warmed up when loaded: Jackson builds its (de)serializers lazily under
 * a lock, and the first concurrent requests on several event loops would otherwise wait on that lock.
 */
final class SandboxJson {

    static final ObjectMapper MAPPER = warmedUp(new ObjectMapper());

    private SandboxJson() {
    }

    private static ObjectMapper warmedUp(ObjectMapper mapper) {
        try {
            JsonNode sample = mapper.readTree("{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}]}");
            mapper.writeValueAsBytes(sample);
            mapper.writeValueAsBytes(java.util.Map.of("a", java.util.List.of(1, "x")));
            return mapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
