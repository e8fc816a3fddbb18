package dev.rendergateway.loadtests.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a process spent its CPU in a profile: the samples of async-profiler's collapsed stacks sorted into a few
 * kinds of work (the thread's job first: JIT compiler, garbage collector, log writer; otherwise the innermost frame's
 * owner: the kernel's socket calls, Netty, Reactor, the gateway's code, …), and the busiest innermost frames.
 *
 * @param samples    samples in all
 * @param byKind     samples per kind of work
 * @param selfFrames samples per innermost frame (a frame's own time, not its callees'), busiest first
 */
record CpuShares(long samples, Map<Kind, Long> byKind, List<Map.Entry<String, Long>> selfFrames) {

    /** The kinds of work, in the order the report lists them. */
    enum Kind {
        SOCKET_WRITES("socket writes (write/writev, kernel time included)", "socket writes"),
        SOCKET_READS("socket reads and epoll (kernel time included)", "reads+epoll"),
        JIT("JIT compiler threads", "JIT"),
        GC("garbage collector threads", "GC"),
        LOGGING("log encoding and writing (its own thread)", "logging"),
        GATEWAY("gateway code (dev.rendergateway)", "gateway"),
        NETTY("Netty", "Netty"),
        REACTOR("Reactor (operators, Reactor Netty)", "Reactor"),
        JACKSON("Jackson", "Jackson"),
        JDK("JDK library (java.*, jdk.*, sun.*)", "JDK"),
        OTHER("other (JVM runtime, native, libraries)", "other");

        private final String label;
        private final String shortLabel;

        Kind(String label, String shortLabel) {
            this.label = label;
            this.shortLabel = shortLabel;
        }

        /** How the report's table names it. */
        String label() {
            return label;
        }

        /** How the report's chart names it. */
        String shortLabel() {
            return shortLabel;
        }
    }

    /** Reads a collapsed-stacks file. */
    static CpuShares read(Path collapsed) {
        try (Stream<String> lines = Files.lines(collapsed)) {
            return of(lines.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sorts collapsed-stack lines ({@code frame;frame;… count}). */
    static CpuShares of(List<String> lines) {
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        Map<String, Long> self = new HashMap<>();
        long samples = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            String innermost = plain(frames[frames.length - 1]);
            byKind.merge(kindOf(frames, innermost), count, Long::sum);
            self.merge(innermost, count, Long::sum);
            samples += count;
        }
        List<Map.Entry<String, Long>> busiest = self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .toList();
        return new CpuShares(samples, byKind, busiest);
    }

    /** A kind's share of the samples, in percent. */
    double percent(Kind kind) {
        return samples == 0 ? 0 : 100.0 * byKind.getOrDefault(kind, 0L) / samples;
    }

    /** The {@code n} busiest innermost frames. */
    List<Map.Entry<String, Long>> busiest(int n) {
        return selfFrames.subList(0, Math.min(n, selfFrames.size()));
    }

    static Kind kindOf(String[] frames, String innermost) {
        for (String frame : frames) {
            if (frame.startsWith("CompileBroker::")) {
                return Kind.JIT;
            }
            if (frame.startsWith("GangWorker::") || frame.startsWith("ConcurrentGCThread::")
                    || frame.startsWith("WorkerThread::") || frame.startsWith("G1")) {
                return Kind.GC;
            }
            if (frame.startsWith("net/logstash/") || frame.startsWith("ch/qos/logback/")) {
                return Kind.LOGGING;
            }
        }
        if (innermost.equals("writev") || innermost.equals("write") || innermost.equals("__GI_write")
                || innermost.equals("__GI___send") || innermost.equals("send") || innermost.equals("sendmsg")) {
            return Kind.SOCKET_WRITES;
        }
        if (innermost.equals("recv") || innermost.equals("read") || innermost.equals("__GI_read")
                || innermost.startsWith("epoll_") || innermost.startsWith("__GI_epoll")) {
            return Kind.SOCKET_READS;
        }
        if (innermost.startsWith("dev/rendergateway/")) {
            return Kind.GATEWAY;
        }
        if (innermost.startsWith("io/netty/")) {
            return Kind.NETTY;
        }
        if (innermost.startsWith("reactor/")) {
            return Kind.REACTOR;
        }
        if (innermost.startsWith("com/fasterxml/jackson/")) {
            return Kind.JACKSON;
        }
        if (innermost.startsWith("java/") || innermost.startsWith("jdk/") || innermost.startsWith("sun/")) {
            return Kind.JDK;
        }
        return Kind.OTHER;
    }

    /** A frame without async-profiler's type suffix ({@code _[j]} Java, {@code _[i]} inlined, …). */
    static String plain(String frame) {
        int suffix = frame.lastIndexOf("_[");
        return suffix > 0 && frame.endsWith("]") ? frame.substring(0, suffix) : frame;
    }
}
