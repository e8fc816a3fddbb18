package dev.rendergateway.core.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link ReactorNettyJson2VideoClient}: where the upstream is, the key, and the bounds that
 * keep a slow upstream from tying the gateway up.
 */
public record Json2VideoClientConfig(
        URI baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections,
        int maxResponseBytes,
        boolean metrics,
        AccountQuota quota) {

    public Json2VideoClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(quota, "quota");
        if (maxConnections < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxConnections and maxResponseBytes must be positive");
        }
    }

    /**
     * A builder starting from the defaults: 5 s connect, 30 s response, 50 connections, 4 MiB answers, no
     * Reactor Netty metrics (they need Micrometer on the classpath).
     */
    public static Builder custom(String baseUrl, String apiKey) {
        return new Builder(URI.create(baseUrl), apiKey);
    }

    /** Hides the key from {@code toString}, so that logging a config cannot leak it. */
    @Override
    public String toString() {
        return "Json2VideoClientConfig[baseUrl=" + baseUrl + ", apiKey=***, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", maxConnections=" + maxConnections + "]";
    }

    /** Builds a {@link Json2VideoClientConfig}. */
    public static final class Builder {
        private final URI baseUrl;
        private final String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int maxConnections = 50;
        private int maxResponseBytes = 4 * 1024 * 1024;
        private boolean metrics;
        private AccountQuota quota = new AccountQuota();

        private Builder(URI baseUrl, String apiKey) {
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder maxResponseBytes(int value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** Records Reactor Netty's client and pool metrics in Micrometer's global registry. */
        public Builder metrics(boolean value) {
            this.metrics = value;
            return this;
        }

        /** Where the account's {@code remaining_quota} of every answer is noted (default: a quota of its own). */
        public Builder quota(AccountQuota value) {
            this.quota = value;
            return this;
        }

        public Json2VideoClientConfig build() {
            return new Json2VideoClientConfig(baseUrl, apiKey, connectTimeout, responseTimeout, maxConnections,
                    maxResponseBytes, metrics, quota);
        }
    }
}
