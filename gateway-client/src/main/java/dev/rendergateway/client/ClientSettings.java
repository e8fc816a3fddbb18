package dev.rendergateway.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** What a {@link RenderGatewayClient} was built with, validated. */
record ClientSettings(URI baseUrl, String apiKey, int maxAttempts, Duration maxRetryWait, Duration connectTimeout,
                      Duration responseTimeout, Duration streamIdleTimeout, int maxConnections, String userAgent) {

    ClientSettings {
        if (baseUrl == null) {
            throw new IllegalArgumentException("baseUrl is required: the gateway, e.g. http://localhost:8080");
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL with a host: " + baseUrl);
        }
        if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
            throw new IllegalArgumentException("baseUrl must have no query or fragment: " + baseUrl);
        }
        if (apiKey == null || apiKey.isBlank() || apiKey.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("apiKey is required: the gateway key, visible ASCII characters");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        positive("streamIdleTimeout", streamIdleTimeout);
        Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        if (maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("maxRetryWait must not be negative: " + maxRetryWait);
        }
        Objects.requireNonNull(userAgent, "userAgent");
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        // Never the key: settings end up in logs and exception messages.
        return "ClientSettings[baseUrl=" + baseUrl + ", maxAttempts=" + maxAttempts + ", maxRetryWait="
                + maxRetryWait + "]";
    }
}
