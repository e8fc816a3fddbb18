package dev.rendergateway.client.cli;

import dev.rendergateway.client.RenderGatewayClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import reactor.core.publisher.Flux;

/** {@code watch ID…}: follows renders until each has ended, printing each end as a JSON line. */
@Command(name = "watch",
        description = "Follow renders live until each ends; print each finished render as a JSON line.")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    RenderGatewayCli cli;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Render ids (r_…).")
    List<String> ids;

    @Override
    public Integer call() {
        try (RenderGatewayClient client = cli.client()) {
            Flux<Step> steps = (ids.size() == 1 ? client.watch(ids.get(0)) : client.watchEach(ids))
                    .map(Step.Changed::new);
            return new StepPrinter(client, cli.io(), cli.progressView()).print(steps, false);
        }
    }
}
