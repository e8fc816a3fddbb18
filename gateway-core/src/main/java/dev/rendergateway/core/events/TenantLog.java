package dev.rendergateway.core.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tenant's part of the in-memory log: its recent events (bounded, for exact resumption) and the latest
 * event of each of its renders (for the current state). Not thread-safe: the owner guards it.
 */
final class TenantLog {

    private final int historyLimit;
    private final ArrayDeque<RenderEvent> history = new ArrayDeque<>();
    /** The highest sequence that fell out of the history; resuming after an older one cannot be exact. */
    private long evictedUpTo;
    private final Map<String, RenderEvent> latestByRender = new HashMap<>();
    private final TreeMap<Long, RenderEvent> latestBySequence = new TreeMap<>();

    TenantLog(int historyLimit, long start) {
        this.historyLimit = historyLimit;
        this.evictedUpTo = start;
    }

    void append(RenderEvent event) {
        history.addLast(event);
        if (history.size() > historyLimit) {
            evictedUpTo = history.removeFirst().sequence();
        }
        RenderEvent previous = latestByRender.put(event.render().id(), event);
        if (previous != null) {
            latestBySequence.remove(previous.sequence());
        }
        latestBySequence.put(event.sequence(), event);
    }

    /** The selection's events after {@code after} in order, or null when the history does not reach back to it. */
    List<RenderEvent> replayAfter(long after, Selection selection) {
        if (after < evictedUpTo) {
            return null;
        }
        List<RenderEvent> replay = new ArrayList<>();
        for (RenderEvent event : history) {
            if (event.sequence() > after && selection.matches(event.render())) {
                replay.add(event);
            }
        }
        return replay;
    }

    /** The latest event of each selected render whose latest event is after {@code after}, in order. */
    List<RenderEvent> latestAfter(long after, Selection selection) {
        if (selection.isTenantWide()) {
            return new ArrayList<>(latestBySequence.tailMap(after, false).values());
        }
        List<RenderEvent> latest = new ArrayList<>();
        for (String id : selection.renderIds()) {
            RenderEvent event = latestByRender.get(id);
            if (event != null && event.sequence() > after && selection.matches(event.render())) {
                latest.add(event);
            }
        }
        latest.sort(Comparator.comparingLong(RenderEvent::sequence));
        return latest;
    }

    /** The current state: the latest event of each selected render, at most {@code limit} most recent, in order. */
    List<RenderEvent> current(Selection selection, int limit) {
        if (!selection.isTenantWide()) {
            return latestAfter(Long.MIN_VALUE, selection);
        }
        List<RenderEvent> newest = new ArrayList<>();
        for (RenderEvent event : latestBySequence.descendingMap().values()) {
            if (newest.size() == limit) {
                break;
            }
            newest.add(event);
        }
        Collections.reverse(newest);
        return newest;
    }

    RenderEvent latest(String renderId) {
        return latestByRender.get(renderId);
    }
}
