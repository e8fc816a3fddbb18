package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** One stderr line per change of a render's status or progress: {@code r_… running 40%}. For logs and pipes. */
final class PlainProgress implements ProgressView {

    private final PrintWriter err;
    private final Map<String, String> lastLine = new HashMap<>();

    PlainProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(Render render) {
        String line = render.id() + " " + render.status().wireName() + " " + render.progress() + "%";
        if (!line.equals(lastLine.put(render.id(), line))) {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void beforeOutput() {
    }

    @Override
    public void afterOutput() {
    }

    @Override
    public void finish() {
        err.flush();
    }
}
