package dev.rendergateway.loadtests.sse;

import java.time.Duration;

/**
 * One fan-out configuration.
 *
 * @param name          its name (what {@code BENCH_FANOUT_PHASES} picks)
 * @param subscribers   how many subscribers
 * @param renders       over how many renders
 * @param gateways      over how many gateway processes: 1 keeps state in memory, more share one redis-server
 * @param renderTime    how long a render takes: its progress changes once per 1 % of it (100 s: once a second)
 * @param probesMaximum whether it probes how many subscribers the machine holds (the 100,000 goal)
 */
public record FanoutPhase(String name, int subscribers, int renders, int gateways, Duration renderTime,
                          boolean probesMaximum) {

    /** Whether its gateways share state in Redis. */
    public boolean onRedis() {
        return gateways > 1;
    }
}
