package dev.rendergateway.client.cli;

import dev.rendergateway.client.RenderFilter;
import dev.rendergateway.client.RenderGatewayClient;
import dev.rendergateway.client.RenderStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.core.publisher.Flux;

/** {@code list [--status S] [--limit N]}: the tenant's renders, newest first, one JSON line each, all pages. */
@Command(name = "list", description = "Print the tenant's renders, newest first, one JSON line each.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    RenderGatewayCli cli;

    @Option(names = "--status", paramLabel = "S",
            description = "Only this status: queued, submitting, running, done, error, timeout, cancelled.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N renders (default: all).")
    Long limit;

    @Override
    public Integer call() {
        RenderFilter filter = RenderFilter.all();
        if (status != null) {
            RenderStatus wanted = RenderStatus.fromWireName(status);
            if (wanted == RenderStatus.UNKNOWN) {
                throw new Failure.Usage("--status must be one of queued, submitting, running, done, error, "
                        + "timeout, cancelled: " + status);
            }
            filter = RenderFilter.withStatus(wanted);
        }
        if (limit != null && limit < 1) {
            throw new Failure.Usage("--limit must be at least 1: " + limit);
        }
        try (RenderGatewayClient client = cli.client()) {
            Flux<Step> renders = client.list(filter).take(limit == null ? Long.MAX_VALUE : limit)
                    .map(Step.Accepted::new);
            return new StepPrinter(client, cli.io(), ProgressView.NONE).print(renders, true);
        }
    }
}
