package dev.rendergateway.core.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscriber's events waiting for delivery, in sequence order, with each render's newest one at hand (to replace
 * it with a newer change). Most of a stream's life nothing or one event waits: that one is held in a field, and the
 * maps exist only while two or more wait, so that 10,000 idle streams keep no tables. Not thread-safe.
 */
final class PendingEvents {
    /** The one waiting event while {@code bySequence} is null. */
    private RenderEvent single;
    /** Waiting events by sequence, in order; null unless two or more wait. */
    private LinkedHashMap<Long, RenderEvent> bySequence;
    /** Each render's newest waiting sequence; null with {@code bySequence}. */
    private Map<String, Long> newestOf;

    /** Queues {@code event} (it becomes its render's newest). */
    void add(RenderEvent event) {
        if (bySequence == null) {
            if (single == null) {
                single = event;
                return;
            }
            bySequence = new LinkedHashMap<>();
            newestOf = new HashMap<>();
            index(single);
            single = null;
        }
        index(event);
    }

    /** Drops the newest waiting event of {@code renderId}; whether there was one. */
    boolean dropNewestOf(String renderId) {
        if (bySequence == null) {
            if (single != null && single.render().id().equals(renderId)) {
                single = null;
                return true;
            }
            return false;
        }
        Long newest = newestOf.remove(renderId);
        if (newest == null) {
            return false;
        }
        bySequence.remove(newest);
        shrinkIfEmpty();
        return true;
    }

    /** The oldest waiting event, removed; null when none waits. */
    RenderEvent poll() {
        if (bySequence == null) {
            RenderEvent event = single;
            single = null;
            return event;
        }
        Iterator<Map.Entry<Long, RenderEvent>> first = bySequence.entrySet().iterator();
        RenderEvent event = first.next().getValue();
        first.remove();
        newestOf.remove(event.render().id(), event.sequence());
        shrinkIfEmpty();
        return event;
    }

    /** How many wait. */
    int size() {
        return bySequence != null ? bySequence.size() : single == null ? 0 : 1;
    }

    /** Every waiting event in order, and none waits any more. */
    List<RenderEvent> drain() {
        List<RenderEvent> all = new ArrayList<>(size());
        for (RenderEvent event = poll(); event != null; event = poll()) {
            all.add(event);
        }
        return all;
    }

    /** Forgets every waiting event. */
    void clear() {
        single = null;
        bySequence = null;
        newestOf = null;
    }

    private void index(RenderEvent event) {
        bySequence.put(event.sequence(), event);
        newestOf.put(event.render().id(), event.sequence());
    }

    private void shrinkIfEmpty() {
        if (bySequence.isEmpty()) {
            bySequence = null;
            newestOf = null;
        }
    }
}
