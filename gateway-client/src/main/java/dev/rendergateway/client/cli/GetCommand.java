package dev.rendergateway.client.cli;

import dev.rendergateway.client.RenderGatewayClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import reactor.core.publisher.Flux;

/** {@code get ID}: the render now, as one JSON line. */
@Command(name = "get", description = "Print a render as a JSON line.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    RenderGatewayCli cli;

    @Parameters(paramLabel = "ID", description = "The render id (r_…).")
    String id;

    @Override
    public Integer call() {
        try (RenderGatewayClient client = cli.client()) {
            return new StepPrinter(client, cli.io(), ProgressView.NONE)
                    .print(Flux.from(client.get(id)).map(Step.Accepted::new), true);
        }
    }
}
