package dev.rendergateway.client.cli;

import dev.rendergateway.client.BatchResult;
import dev.rendergateway.client.RenderGatewayClient;
import dev.rendergateway.client.RenderGatewayException;
import dev.rendergateway.client.RenderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code submit [--wait] FILE…|-}: files go one by one through {@code POST /v1/renders} (retried safely under an
 * idempotency key); {@code -} streams NDJSON from stdin through {@code POST /v1/renders/batch}, however long.
 */
@Command(name = "submit", description = {"Submit renders: each FILE holds {\"movie\": {…}, \"metadata\": …} (or a bare "
        + "movie); '-' reads one such request per line (NDJSON) from stdin.",
        "Prints each accepted render as a JSON line; with --wait, each finished render instead."})
final class SubmitCommand implements Callable<Integer> {

    private static final int FILES_IN_FLIGHT = 4;
    private static final int IDS_PER_WATCH = 100;

    @ParentCommand
    RenderGatewayCli cli;

    @Option(names = "--wait", description = "Wait for every render to end; print each as a JSON line when it does.")
    boolean wait;

    @Parameters(arity = "1..*", paramLabel = "FILE|-", description = "Request files, or '-' for NDJSON on stdin.")
    List<String> inputs;

    @Override
    public Integer call() {
        if (inputs.stream().filter("-"::equals).count() > 1) {
            throw new Failure.Usage("'-' (stdin) may be given once");
        }
        RequestReader reader = new RequestReader();
        List<Input> files = inputs.stream().filter(input -> !input.equals("-"))
                .map(file -> new Input(file, reader.file(Path.of(file)))).toList();
        try (RenderGatewayClient client = cli.client()) {
            Flux<Step> submitted = Flux.concat(files(client, files),
                    inputs.contains("-") ? stdin(client, reader) : Flux.empty());
            Flux<Step> steps = wait ? submitted.publish(shared -> Flux.merge(shared, watched(client, shared)))
                    : submitted;
            ProgressView view = wait ? cli.progressView() : ProgressView.NONE;
            return new StepPrinter(client, cli.io(), view).print(steps, !wait);
        }
    }

    private static Flux<Step> files(RenderGatewayClient client, List<Input> files) {
        return Flux.fromIterable(files).flatMapSequential(input -> client.submit(input.request())
                .<Step>map(Step.Accepted::new)
                .onErrorResume(RenderGatewayException.class, refused -> refused.isAuthentication()
                        ? Mono.error(refused)
                        : Mono.just(new Step.Refused(input.name(), refused.problem()))), FILES_IN_FLIGHT);
    }

    private Flux<Step> stdin(RenderGatewayClient client, RequestReader reader) {
        return client.submitAll(reader.ndjson(cli.io().in())).map(SubmitCommand::step);
    }

    private static Step step(BatchResult result) {
        return result.accepted() ? new Step.Accepted(result.render())
                : new Step.Refused("stdin line " + result.line(), result.problem());
    }

    private static Flux<Step> watched(RenderGatewayClient client, Flux<Step> steps) {
        return steps.ofType(Step.Accepted.class)
                .map(accepted -> accepted.render().id())
                .bufferTimeout(IDS_PER_WATCH, Duration.ofMillis(200))
                .flatMap(client::watchEach, 256)
                .map(Step.Changed::new);
    }

    /** A request and where it was read from. */
    private record Input(String name, RenderRequest request) {
    }
}
