package dev.rendergateway.loadtests.sse;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What all client processes of a phase saw together.
 *
 * @param connected      subscribers that received their first event
 * @param failed         subscribers whose connection failed or was refused
 * @param delays         delivery delays in µs (event's updatedAt → client receipt), merged over every client
 * @param events         events received while measuring
 * @param seconds        the measuring window (the longest of the clients')
 * @param connectSeconds how long connecting every subscriber took
 */
public record FleetReport(int connected, int failed, Histogram delays, long events, double seconds,
                          double connectSeconds) {

    /** Merges the clients' reports. */
    public static FleetReport merge(List<SseClientReport> reports, double connectSeconds) {
        Histogram delays = new Histogram(3);
        int connected = 0;
        int failed = 0;
        long events = 0;
        double seconds = 0;
        for (SseClientReport report : reports) {
            delays.add(report.delays());
            connected += report.connected();
            failed += report.failed();
            events += report.events();
            seconds = Math.max(seconds, report.seconds());
        }
        return new FleetReport(connected, failed, delays, events, seconds, connectSeconds);
    }

    /** A delay percentile in ms. */
    public double delayMillis(double percentile) {
        return delays.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Events received per second while measuring. */
    public double eventsPerSecond() {
        return seconds == 0 ? 0 : events / seconds;
    }
}
