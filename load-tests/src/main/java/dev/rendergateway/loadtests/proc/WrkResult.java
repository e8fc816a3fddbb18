package dev.rendergateway.loadtests.proc;

/** What one wrk run printed through {@code wrk-report.lua}: requests, errors and latency percentiles in µs. */
public record WrkResult(long requests, long durationMicros, long errors, long non2xx, long p50, long p90, long p99,
                        long p999, long max, double mean) {

    /** Completed requests per second. */
    public double requestsPerSecond() {
        return requests * 1e6 / durationMicros;
    }
}
