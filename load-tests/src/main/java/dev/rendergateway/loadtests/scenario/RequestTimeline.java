package dev.rendergateway.loadtests.scenario;

import java.util.ArrayList;
import java.util.List;

/** Arrival times of upstream requests (epoch microseconds, sorted), and what they say about a rate. */
public record RequestTimeline(List<Long> micros) {

    /** Sorts a copy. */
    public RequestTimeline {
        micros = micros.stream().sorted().toList();
    }

    /** Requests per second between the first request and {@code endMicros}: (n − 1) / elapsed. */
    public double rateUntil(long endMicros) {
        long first = micros.get(0);
        long n = micros.stream().filter(t -> t <= endMicros).count();
        return n < 2 || endMicros <= first ? 0 : (n - 1) * 1e6 / (endMicros - first);
    }

    /** Requests up to and including {@code endMicros}. */
    public long countUntil(long endMicros) {
        return micros.stream().filter(t -> t <= endMicros).count();
    }

    /** Requests in the window (t − 1 s, t], sampled every {@code stepMillis} from 1 s after the first: x = s, y = count. */
    public List<double[]> slidingSecond(int stepMillis) {
        List<double[]> points = new ArrayList<>();
        long first = micros.get(0);
        long last = micros.get(micros.size() - 1);
        int start = 0;
        int end = 0;
        for (long t = first + 1_000_000; t <= last + 1_000_000; t += stepMillis * 1000L) {
            while (end < micros.size() && micros.get(end) <= t) {
                end++;
            }
            while (start < end && micros.get(start) <= t - 1_000_000) {
                start++;
            }
            points.add(new double[] {(t - first) / 1e6, end - start});
        }
        return points;
    }
}
