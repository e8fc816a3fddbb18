package dev.rendergateway.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cancel ID}: cancels a queued render and prints it; exit 1 (a 409 problem) once it was submitted. */
@Command(name = "cancel", description = "Cancel a render still queued; print it as a JSON line.")
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    RenderGatewayCli cli;

    @Parameters(paramLabel = "ID", description = "The render id (r_…).")
    String id;

    @Override
    public Integer call() {
        return cli.printOne(client -> client.cancel(id));
    }
}
