package dev.rendergateway.loadtests.report;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** When and where a run happened, for the report's header: start, length, machine, load before and after. */
public record RunInfo(Instant started, Duration took, int cores, long memoryGiB, String javaVersion, String loadBefore,
                      String loadAfter) {

    /** The 1/5/15-minute load averages now, from /proc/loadavg ("?" elsewhere). */
    public static String loadNow() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** This machine's facts, for a run that started at {@code started} with load {@code loadBefore}. */
    public static RunInfo of(Instant started, Duration took, String loadBefore) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new RunInfo(started, took, Runtime.getRuntime().availableProcessors(),
                Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadBefore, loadNow());
    }
}
