package dev.rendergateway.core.quota;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's day: credits consumed and render counts by {@link #COUNTED} name ({@code accepted}, then the
 * terminal statuses); every counted name is present, zero when nothing happened.
 */
public record DailyUsage(double credits, Map<String, Long> renders) {

    /** The counts a day reports: renders accepted, and renders that ended in each terminal status. */
    public static final List<String> COUNTED = List.of("accepted", "done", "error", "timeout", "cancelled");

    public DailyUsage {
        renders = complete(renders);
    }

    private static Map<String, Long> complete(Map<String, Long> counts) {
        Map<String, Long> complete = new LinkedHashMap<>();
        COUNTED.forEach(name -> complete.put(name, counts.getOrDefault(name, 0L)));
        return Collections.unmodifiableMap(complete);
    }

    /** A day without renders. */
    public static DailyUsage none() {
        return new DailyUsage(0, Map.of());
    }
}
