package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.json.WarmMapper;

/**
 * The sandbox's one Jackson mapper, warmed up when loaded: Jackson builds its (de)serializers lazily under
 * a lock, and the first concurrent requests on several event loops would otherwise wait on that lock.
 */
final class SandboxJson {

    static final ObjectMapper MAPPER = WarmMapper.of(new ObjectMapper());

    private SandboxJson() {
    }
}
