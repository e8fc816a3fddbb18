package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's memory seen from outside with jcmd, after a full GC: live heap ({@code GC.heap_info} used), native
 * memory outside the heap that Netty's direct buffers land in (NMT "Other" committed; needs
 * {@code -XX:NativeMemoryTracking=summary}), and the process's resident set from /proc.
 */
public record JvmMemory(long heapUsedBytes, long otherCommittedBytes, long rssBytes) {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern OTHER = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /** Runs a full GC in {@code pid}, then reads the three figures. */
    public static JvmMemory measure(long pid) {
        jcmd(pid, "GC.run");
        long heap = kib(HEAP_USED, jcmd(pid, "GC.heap_info"), 1) * 1024;
        long other = kib(OTHER, jcmd(pid, "VM.native_memory", "summary"), 2) * 1024;
        try {
            long rss = kib(RSS, Files.readString(Path.of("/proc/" + pid + "/status")), 1) * 1024;
            return new JvmMemory(heap, other, rss);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of two JVMs' figures (several gateways together). */
    public JvmMemory plus(JvmMemory other) {
        return new JvmMemory(heapUsedBytes + other.heapUsedBytes, otherCommittedBytes + other.otherCommittedBytes,
                rssBytes + other.rssBytes);
    }

    /** Heap plus direct (NMT Other) bytes. */
    public long heapAndDirect() {
        return heapUsedBytes + otherCommittedBytes;
    }

    private static long kib(Pattern pattern, String text, int group) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no /" + pattern + "/ in: " + text);
        }
        return Long.parseLong(matcher.group(group));
    }

    /** Runs {@code jcmd pid command…}; its output. */
    static String jcmd(long pid, String... command) {
        List<String> line = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
