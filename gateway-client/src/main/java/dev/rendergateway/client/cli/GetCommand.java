package dev.rendergateway.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code get ID}: the render now, as one JSON line. */
@Command(name = "get", description = "Print a render as a JSON line.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    RenderGatewayCli cli;

    @Parameters(paramLabel = "ID", description = "The render id (r_…).")
    String id;

    @Override
    public Integer call() {
        return cli.printOne(client -> client.get(id));
    }
}
