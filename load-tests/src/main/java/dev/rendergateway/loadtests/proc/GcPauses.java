package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses a JVM's unified GC log ({@code -Xlog:gc:file=…}) reports: how many, the longest and
 * their sum. Tail latency on a 2-core machine is mostly made of these, so the submit figures come with them.
 */
public record GcPauses(int count, double longestMillis, double totalMillis) {
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+\\.\\d+)ms$");

    /** The JVM options that make a child JVM write the log {@link #read} expects. */
    public static List<String> logTo(Path file) {
        return List.of("-Xlog:gc:file=" + file.toAbsolutePath());
    }

    public static GcPauses read(Path file) {
        try {
            return of(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GcPauses of(List<String> lines) {
        int count = 0;
        double longest = 0;
        double total = 0;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line.trim());
            if (pause.find()) {
                double millis = Double.parseDouble(pause.group(1));
                count++;
                longest = Math.max(longest, millis);
                total += millis;
            }
        }
        return new GcPauses(count, longest, total);
    }
}
