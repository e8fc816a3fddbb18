package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The resident memory of a process and its direct children (nginx's master and its workers), summed from the
 * {@code VmRSS} lines of {@code /proc/<pid>/status}.
 *
 * @param bytes     the summed resident set
 * @param processes how many processes were counted
 */
public record ProcessTreeRss(long bytes, int processes) {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /** Reads {@code pid}'s resident set and its children's (found by their parent pid in /proc/&lt;pid&gt;/stat). */
    public static ProcessTreeRss of(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        pids.addAll(children(pid));
        long bytes = 0;
        for (long each : pids) {
            bytes += rssBytes(read(Path.of("/proc", Long.toString(each), "status")));
        }
        return new ProcessTreeRss(bytes, pids.size());
    }

    /** The parent pid in the text of {@code /proc/<pid>/stat} (the field after the state, past the command). */
    static long parentPid(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[1]);
    }

    /** The {@code VmRSS} of the text of {@code /proc/<pid>/status}, in bytes (0 for a process without one). */
    static long rssBytes(String status) {
        Matcher matcher = RSS.matcher(status);
        return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : 0;
    }

    private static List<Long> children(long pid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        String stat = read(p.resolve("stat"));
                        return !stat.isEmpty() && parentPid(stat) == pid;
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            // whole lines: files under /proc have size 0, which readString may take for the length to read
            return String.join("\n", Files.readAllLines(file));
        } catch (IOException e) {
            // a process that ended while we listed /proc: nothing to count
            return "";
        }
    }
}
