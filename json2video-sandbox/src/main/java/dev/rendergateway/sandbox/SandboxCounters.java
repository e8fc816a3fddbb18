package dev.rendergateway.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sandbox has seen on {@code /v2/movies}: requests by method and time, renders created, 429s sent.
 * A request counts as soon as its headers arrive, including requests answered with an injected fault.
 */
public final class SandboxCounters {
    private final Clock clock;
    private final LongAdder posts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder rendersCreated = new LongAdder();
    private final LongAdder rejected429 = new LongAdder();
    private final ConcurrentLinkedQueue<Instant> requestTimes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<WebhookCallRecord> webhookCalls = new ConcurrentLinkedQueue<>();

    /** Counters stamping requests with the given clock. */
    public SandboxCounters(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** POST requests received. */
    public long posts() {
        return posts.sum();
    }

    /** GET requests received. */
    public long gets() {
        return gets.sum();
    }

    /** Renders created through HTTP (including ones whose answer was dropped or mangled). */
    public long rendersCreated() {
        return rendersCreated.sum();
    }

    /** Requests answered with 429. */
    public long rejected429() {
        return rejected429.sum();
    }

    /** Arrival time of every request, in arrival order. */
    public List<Instant> requestTimes() {
        return List.copyOf(requestTimes);
    }

    /**
     * The largest number of requests whose arrival falls in one half-open interval {@code [t, t + window)},
     * over every start {@code t} (a sliding window, not aligned seconds).
     */
    public long maxRequestsInAnyWindow(Duration window) {
        List<Instant> times = new ArrayList<>(requestTimes);
        times.sort(null);
        long best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            Instant limit = times.get(end).minus(window);
            while (!times.get(start).isAfter(limit)) {
                start++;
            }
            best = Math.max(best, end - start + 1L);
        }
        return best;
    }

    /** Every webhook call the sandbox made, in the order they were answered (or failed). */
    public List<WebhookCallRecord> webhookCalls() {
        return List.copyOf(webhookCalls);
    }

    /** Forgets everything counted so far. */
    public void reset() {
        posts.reset();
        gets.reset();
        rendersCreated.reset();
        rejected429.reset();
        requestTimes.clear();
        webhookCalls.clear();
    }

    void recordWebhookCall(WebhookCallRecord call) {
        webhookCalls.add(call);
    }

    void recordRequest(String method) {
        requestTimes.add(clock.instant());
        if ("POST".equals(method)) {
            posts.increment();
        } else if ("GET".equals(method)) {
            gets.increment();
        }
    }

    void recordRenderCreated() {
        rendersCreated.increment();
    }

    void recordRejected429() {
        rejected429.increment();
    }
}
