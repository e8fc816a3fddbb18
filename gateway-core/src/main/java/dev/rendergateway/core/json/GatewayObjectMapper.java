package dev.rendergateway.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.json.WarmMapper;

/**
 * Creates the gateway's Jackson mapper: tolerant of unknown fields, and warmed up before use
 * ({@link WarmMapper} says why).
 */
public final class GatewayObjectMapper {

    private GatewayObjectMapper() {
    }

    /** The gateway's mapper: unknown fields ignored, warmed up. */
    public static ObjectMapper create() {
        return WarmMapper.of(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }
}
