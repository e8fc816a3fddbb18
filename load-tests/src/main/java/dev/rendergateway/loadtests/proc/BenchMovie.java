package dev.rendergateway.loadtests.proc;

import java.time.Duration;

/** The movie every benchmark submits; its comment tells the sandbox how long to render it. */
public record BenchMovie(Duration renderTime) {

    /** The movie JSON, as {@code POST /v2/movies} takes it. */
    public String json() {
        return "{\"comment\":\"bench sandbox:render-time=" + renderTime.toMillis() + "ms\",\"resolution\":\"full-hd\","
                + "\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hello\",\"duration\":5}]}]}";
    }

    /** The body of {@code POST /v1/renders}. */
    public String renderRequest() {
        return "{\"movie\":" + json() + "}";
    }
}
