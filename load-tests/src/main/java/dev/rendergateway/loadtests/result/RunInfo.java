package dev.rendergateway.loadtests.result;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When and where a run happened, for the report's header: scenarios, start, length, machine, load before and after. */
public record RunInfo(List<String> scenarios, boolean smoke, String started, long seconds, int cores, long memoryGiB,
                      String javaVersion, String loadBefore, String loadAfter) {

    /** The 1/5/15-minute load averages now, from /proc/loadavg ("?" elsewhere). */
    public static String loadNow() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** This machine's facts, for a run of {@code scenarios} that started at {@code started} with {@code loadBefore}. */
    public static RunInfo of(List<String> scenarios, boolean smoke, Instant started, Duration took, String loadBefore) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new RunInfo(List.copyOf(scenarios), smoke, started.toString(), took.toSeconds(), Runtime.getRuntime().availableProcessors(),
                Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadBefore, loadNow());
    }
}
