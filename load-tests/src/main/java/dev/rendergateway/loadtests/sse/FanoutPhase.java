package dev.rendergateway.loadtests.sse;

/** One fan-out configuration: how many subscribers, over how many renders, and whether it probes the maximum. */
public record FanoutPhase(String name, int subscribers, int renders, boolean probesMaximum) {
}
