package dev.rendergateway.client.cli;

import dev.rendergateway.client.Problem;
import dev.rendergateway.client.Render;

/** What happens to the CLI's renders, in the order it is shown: accepted, refused, or a new state. */
sealed interface Step {

    /** The gateway accepted a request: here is the render it made. */
    record Accepted(Render render) implements Step {
    }

    /** The gateway refused the request read from {@code where} (a file, a line). */
    record Refused(String where, Problem problem) implements Step {
    }

    /** A watched render changed. */
    record Changed(Render render) implements Step {
    }
}
