package dev.rendergateway.loadtests.proc;

/** One line a child process printed, with the {@link System#nanoTime()} at which the harness read it. */
public record LogLine(String text, long readAtNanos) {
}
