package dev.rendergateway.client.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a CLI run talks to: stdout (results), stderr (progress, messages), stdin, environment, a terminal or not. */
public record CliIo(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, boolean terminal) {

    public CliIo {
        env = Map.copyOf(env);
    }

    /** The process's own streams and environment; a terminal when {@link System#console()} is there. */
    public static CliIo system() {
        return new CliIo(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.in, System.getenv(), System.console() != null);
    }
}
