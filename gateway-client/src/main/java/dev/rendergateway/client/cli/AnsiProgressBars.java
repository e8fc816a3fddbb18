package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;
import dev.rendergateway.client.RenderStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live progress bars on a terminal, one per render, redrawn in place with ANSI cursor moves; past {@link #MAX_BARS}
 * renders, one summary line instead. Result lines printed meanwhile go above the bars.
 */
final class AnsiProgressBars implements ProgressView {

    static final int MAX_BARS = 20;
    private static final int WIDTH = 30;
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintWriter err;
    private final Map<String, Render> renders = new LinkedHashMap<>();
    private int drawnLines;

    AnsiProgressBars(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(Render render) {
        renders.put(render.id(), render);
        redraw();
    }

    @Override
    public void beforeOutput() {
        erase();
    }

    @Override
    public void afterOutput() {
        redraw();
    }

    @Override
    public void finish() {
        err.flush();
    }

    private void erase() {
        if (drawnLines > 0) {
            err.print("\u001b[" + drawnLines + "F\u001b[J");
            drawnLines = 0;
        }
        err.flush();
    }

    private void redraw() {
        erase();
        if (renders.size() > MAX_BARS) {
            err.print(CLEAR_LINE + summary() + "\n");
            drawnLines = 1;
        } else {
            renders.values().forEach(render -> err.print(CLEAR_LINE + bar(render) + "\n"));
            drawnLines = renders.size();
        }
        err.flush();
    }

    static String bar(Render render) {
        int progress = render.status() == RenderStatus.DONE ? 100 : Math.max(0, Math.min(100, render.progress()));
        int filled = progress * WIDTH / 100;
        return String.format("%-24s [%s%s] %3d%% %s", render.id(), "#".repeat(filled), "-".repeat(WIDTH - filled),
                progress, render.status().wireName());
    }

    private String summary() {
        long ended = renders.values().stream().filter(Render::isTerminal).count();
        long done = renders.values().stream().filter(render -> render.status() == RenderStatus.DONE).count();
        return renders.size() + " renders: " + (renders.size() - ended) + " in progress, " + done + " done, "
                + (ended - done) + " failed";
    }
}
