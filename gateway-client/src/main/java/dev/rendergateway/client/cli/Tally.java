package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;
import dev.rendergateway.client.RenderStatus;
import java.util.HashMap;
import java.util.Map;

/** The ends seen so far, once per render, and the exit status they make. */
final class Tally {

    private final Map<String, RenderStatus> ended = new HashMap<>();
    private int refused;

    /** Records a terminal render; false when this render had already ended (a repeated state). */
    boolean ended(Render render) {
        return render.isTerminal() && ended.putIfAbsent(render.id(), render.status()) == null;
    }

    void refused() {
        refused++;
    }

    int exitStatus() {
        boolean allDone = refused == 0 && ended.values().stream().allMatch(status -> status == RenderStatus.DONE);
        return allDone ? ExitStatus.ALL_DONE : ExitStatus.NOT_ALL_DONE;
    }
}
