package dev.rendergateway.loadtests.scenario;

import java.util.Map;

/** Where SDK-pattern clients send {@code /v2/movies}: the upstream itself, or the gateway's drop-in endpoint. */
public record SdkPatternTarget(String name, String baseUrl, String apiKey) {

    /** The {@code x-api-key} header. */
    public Map<String, String> headers() {
        return Map.of("x-api-key", apiKey);
    }
}
