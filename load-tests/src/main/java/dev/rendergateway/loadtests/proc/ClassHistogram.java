package dev.rendergateway.loadtests.proc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's live objects by class ({@code jcmd pid GC.class_histogram}, after the full GC it makes): what a number
 * of subscribers keeps is the difference of two histograms.
 *
 * @param byClass instances and bytes per class name
 */
public record ClassHistogram(Map<String, Row> byClass) {
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /**
     * One class's share.
     *
     * @param className the class (arrays as the JVM names them: {@code [B} is byte[])
     * @param instances how many
     * @param bytes     their shallow size
     */
    public record Row(String className, long instances, long bytes) {
    }

    /** The histogram of process {@code pid} now. */
    public static ClassHistogram of(long pid) {
        return parse(JvmMemory.jcmd(pid, "GC.class_histogram"));
    }

    static ClassHistogram parse(String text) {
        Map<String, Row> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                rows.put(m.group(3), new Row(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return new ClassHistogram(Map.copyOf(rows));
    }

    /** What this holds beyond {@code before}, largest first (classes that grew only). */
    public List<Row> grownSince(ClassHistogram before) {
        List<Row> grown = new ArrayList<>();
        byClass.forEach((name, row) -> {
            Row old = before.byClass.getOrDefault(name, new Row(name, 0, 0));
            if (row.bytes() > old.bytes()) {
                grown.add(new Row(name, row.instances() - old.instances(), row.bytes() - old.bytes()));
            }
        });
        grown.sort(Comparator.comparingLong(Row::bytes).reversed());
        return grown;
    }
}
