package dev.rendergateway.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Immutable settings of one sandbox instance; build with {@link #custom()} or take {@link #defaults()}. */
public record SandboxConfig(
        String apiKey,
        Duration renderTime,
        Duration pendingTime,
        Clock clock,
        String host,
        int port,
        boolean chunkedResponses,
        long seed,
        Duration webhookCheckInterval,
        WebhookBody webhookBody) {

    /** Validates every setting. */
    public SandboxConfig {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        requireNotNegative(renderTime, "renderTime");
        requireNotNegative(pendingTime, "pendingTime");
        requireNotNegative(webhookCheckInterval, "webhookCheckInterval");
        Objects.requireNonNull(webhookBody, "webhookBody");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The defaults: key "sandbox-key", 3 s renders, 300 ms pending, system UTC clock, 127.0.0.1 on a free port. */
    public static SandboxConfig defaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .apiKey(apiKey)
                .renderTime(renderTime)
                .pendingTime(pendingTime)
                .clock(clock)
                .host(host)
                .port(port)
                .chunkedResponses(chunkedResponses)
                .seed(seed)
                .webhookCheckInterval(webhookCheckInterval)
                .webhookBody(webhookBody);
    }

    /** Never shows the API key. */
    @Override
    public String toString() {
        return "SandboxConfig[renderTime=" + renderTime + ", pendingTime=" + pendingTime + ", host=" + host
                + ", port=" + port + ", chunkedResponses=" + chunkedResponses + ", seed=" + seed
                + ", webhookCheckInterval=" + webhookCheckInterval + ", webhookBody=" + webhookBody + "]";
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    /** Mutable builder of {@link SandboxConfig}. */
    public static final class Builder {
        private String apiKey = "sandbox-key";
        private Duration renderTime = Duration.ofSeconds(3);
        private Duration pendingTime = Duration.ofMillis(300);
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private int port;
        private boolean chunkedResponses;
        private long seed = 42L;
        private Duration webhookCheckInterval = Duration.ofMillis(50);
        private WebhookBody webhookBody = WebhookBody.STATUS_ANSWER;

        private Builder() {}

        /** The key every request must carry in {@code x-api-key}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Time from creation until a render is done (or in error). */
        public Builder renderTime(Duration renderTime) {
            this.renderTime = renderTime;
            return this;
        }

        /** Time a render spends in {@code pending} before {@code running}. */
        public Builder pendingTime(Duration pendingTime) {
            this.pendingTime = pendingTime;
            return this;
        }

        /** The clock driving render progress and request timestamps. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The address to bind. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to bind; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether status/create answers are written as several HTTP chunks. */
        public Builder chunkedResponses(boolean chunkedResponses) {
            this.chunkedResponses = chunkedResponses;
            return this;
        }

        /** Seed of project ids and probabilistic faults. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How often a running sandbox checks for ended renders whose webhooks are due (default 50 ms); zero
         * turns the automatic calls off, leaving them to {@link Json2VideoSandbox#fireWebhooksDue()}.
         */
        public Builder webhookCheckInterval(Duration webhookCheckInterval) {
            this.webhookCheckInterval = webhookCheckInterval;
            return this;
        }

        /** The body shape of webhook calls (default: the status answer). */
        public Builder webhookBody(WebhookBody webhookBody) {
            this.webhookBody = webhookBody;
            return this;
        }

        /** The immutable configuration. */
        public SandboxConfig build() {
            return new SandboxConfig(apiKey, renderTime, pendingTime, clock, host, port, chunkedResponses, seed,
                    webhookCheckInterval, webhookBody);
        }
    }
}
