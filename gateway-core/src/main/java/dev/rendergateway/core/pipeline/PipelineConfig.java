package dev.rendergateway.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the render pipeline: how often a running render is polled, when an unfinished render
 * gives up, and how submissions and status checks retry.
 */
public record PipelineConfig(
        Duration pollInterval,
        Duration renderTimeout,
        int maxConcurrentSubmissions,
        Duration submitRetryBackoff,
        Duration submitRetryMaxBackoff,
        int maxStatusRejections) {

    public PipelineConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(renderTimeout, "renderTimeout");
        Objects.requireNonNull(submitRetryBackoff, "submitRetryBackoff");
        Objects.requireNonNull(submitRetryMaxBackoff, "submitRetryMaxBackoff");
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

        public PipelineConfig build() {
            return new PipelineConfig(pollInterval, renderTimeout, maxConcurrentSubmissions, submitRetryBackoff,
                    submitRetryMaxBackoff, maxStatusRejections);
        }
    }
}
