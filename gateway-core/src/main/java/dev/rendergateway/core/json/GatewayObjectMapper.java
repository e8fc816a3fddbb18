package dev.rendergateway.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Creates the gateway's Jackson mapper: tolerant of unknown fields, and warmed up before use. Jackson
 * builds its (de)serializers lazily under a lock, and the first concurrent requests on several event
 * loops would otherwise wait on that lock, blocking event loops.
 */
public final class GatewayObjectMapper {

    private GatewayObjectMapper() {
    }

    public static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try {
            JsonNode sample = mapper.readTree("{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}]}");
            mapper.readTree("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mapper.writeValueAsBytes(sample);
            mapper.writeValueAsString(sample);
            mapper.writeValueAsBytes(Map.of("a", List.of(1, "x")));
            return mapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
