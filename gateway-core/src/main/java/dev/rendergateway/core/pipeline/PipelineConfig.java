package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import dev.rendergateway.core.webhooks.UpstreamWebhooks;

/**
 * Options of the render pipeline: how often a running render is polled, when an unfinished render
 * gives up, how submissions and status checks retry, how lost submissions are reconciled, and whether
 * JSON2Video calls the gateway's webhook.
 */
public record PipelineConfig(
        Duration pollInterval,
        Duration renderTimeout,
        int maxConcurrentSubmissions,
        Duration submitRetryBackoff,
        Duration submitRetryMaxBackoff,
        int maxStatusRejections,
        Optional<UpstreamWebhooks> upstreamWebhooks,
        Duration webhookSafetyInterval,
        ReconcileConfig reconciliation) {

    public PipelineConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(renderTimeout, "renderTimeout");
        Objects.requireNonNull(submitRetryBackoff, "submitRetryBackoff");
        Objects.requireNonNull(submitRetryMaxBackoff, "submitRetryMaxBackoff");
        Objects.requireNonNull(upstreamWebhooks, "upstreamWebhooks");
        Objects.requireNonNull(webhookSafetyInterval, "webhookSafetyInterval");
        Objects.requireNonNull(reconciliation, "reconciliation");
        if (pollInterval.isZero() || pollInterval.isNegative() || renderTimeout.isNegative()
                || renderTimeout.isZero()) {
            throw new IllegalArgumentException("pollInterval and renderTimeout must be positive");
        }
        if (maxConcurrentSubmissions < 1 || maxStatusRejections < 1) {
            throw new IllegalArgumentException("maxConcurrentSubmissions and maxStatusRejections must be positive");
        }
    }

    /** The defaults: poll every 5 s, give up after 30 min, 16 submissions at once, 3 rejected status checks. */
    public static Builder custom() {
        return new Builder();
    }

    public static PipelineConfig defaults() {
        return custom().build();
    }

    /** Builds a {@link PipelineConfig}. */
    public static final class Builder {
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration renderTimeout = Duration.ofMinutes(30);
        private int maxConcurrentSubmissions = 16;
        private Duration submitRetryBackoff = Duration.ofSeconds(1);
        private Duration submitRetryMaxBackoff = Duration.ofSeconds(30);
        private int maxStatusRejections = 3;
        private UpstreamWebhooks upstreamWebhooks;
        private Duration webhookSafetyInterval;
        private ReconcileConfig reconciliation = ReconcileConfig.defaults();

        private Builder() {
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder renderTimeout(Duration value) {
            this.renderTimeout = value;
            return this;
        }

        public Builder maxConcurrentSubmissions(int value) {
            this.maxConcurrentSubmissions = value;
            return this;
        }

        public Builder submitRetryBackoff(Duration first, Duration max) {
            this.submitRetryBackoff = first;
            this.submitRetryMaxBackoff = max;
            return this;
        }

        /** How many status answers in a row may refuse a render (unknown project, success false) before it errors. */
        public Builder maxStatusRejections(int value) {
            this.maxStatusRejections = value;
            return this;
        }

        /**
         * Submits every movie with the gateway's own webhook, and then polls a render nobody watches only every
         * {@code safetyInterval} (rounded up to whole poll intervals): the webhook makes the gateway ask at once.
         */
        public Builder upstreamWebhooks(UpstreamWebhooks hooks, Duration safetyInterval) {
            this.upstreamWebhooks = hooks;
            this.webhookSafetyInterval = safetyInterval;
            return this;
        }

        /** How submissions whose answer was lost are looked up in list mode (default {@link ReconcileConfig#defaults()}). */
        public Builder reconciliation(ReconcileConfig value) {
            this.reconciliation = value;
            return this;
        }

        public PipelineConfig build() {
            return new PipelineConfig(pollInterval, renderTimeout, maxConcurrentSubmissions, submitRetryBackoff,
                    submitRetryMaxBackoff, maxStatusRejections, Optional.ofNullable(upstreamWebhooks),
                    upstreamWebhooks == null || webhookSafetyInterval == null ? pollInterval : webhookSafetyInterval,
                    reconciliation);
        }
    }
}
