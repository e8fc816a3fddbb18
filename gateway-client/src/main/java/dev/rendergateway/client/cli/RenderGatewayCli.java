package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;
import dev.rendergateway.client.RenderGatewayClient;
import java.util.function.Function;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.Loggers;

/**
 * {@code render-gateway}: the command line of render-gateway's API ({@code submit}, {@code watch}, {@code get},
 * {@code list}, {@code cancel}). Exit status 0 when every render ended {@code done}, 1 when one did not (or was
 * refused), 2 for usage, authentication or connection errors, which print one line and no stack trace.
 */
@Command(name = "render-gateway", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        subcommands = {SubmitCommand.class, WatchCommand.class, GetCommand.class, ListCommand.class,
                CancelCommand.class},
        description = "Submit, watch and manage renders on a render-gateway.",
        footer = {"", "Environment: RENDER_GATEWAY_URL (e.g. http://localhost:8080), RENDER_GATEWAY_KEY.",
                "Exit status: 0 all renders done, 1 one ended error/timeout/cancelled or was refused, "
                        + "2 usage, authentication or connection error."})
public final class RenderGatewayCli implements Runnable {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The gateway (default: $RENDER_GATEWAY_URL).")
    String url;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "The gateway key (default: $RENDER_GATEWAY_KEY).")
    String key;

    @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
            description = "Live progress bars on stderr (default: when on a terminal); --no-progress: plain lines.")
    Boolean progress;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final CliIo io;

    RenderGatewayCli(CliIo io) {
        this.io = io;
    }

    /** Runs the CLI in this process and exits with its status. */
    public static void main(String[] args) {
        // No logger output and no dropped-error stack traces: the CLI's own messages are one line each.
        LogManager.getLogManager().reset();
        Loggers.useJdkLoggers();
        Hooks.onErrorDropped(error -> { });
        System.exit(run(args, CliIo.system()));
    }

    /** Runs the CLI with these streams and environment; returns the exit status. */
    public static int run(String[] args, CliIo io) {
        CommandLine commandLine = new CommandLine(new RenderGatewayCli(io));
        commandLine.setOut(io.out()).setErr(io.err());
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            io.err().println("render-gateway: " + problem.getMessage() + " (see "
                    + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            io.err().flush();
            return ExitStatus.USAGE_AUTH_OR_CONNECTION;
        });
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> Failure.of(error).report(io.err()));
        int status = commandLine.execute(args);
        io.out().flush();
        io.err().flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: submit, watch, get, list or cancel");
    }

    CliIo io() {
        return io;
    }

    /** Prints the one render {@code call} answers as a JSON line: the exit status of {@code get} and {@code cancel}. */
    int printOne(Function<RenderGatewayClient, Mono<Render>> call) {
        try (RenderGatewayClient client = client()) {
            return new StepPrinter(client, io, ProgressView.NONE)
                    .print(Flux.from(call.apply(client)).map(Step.Accepted::new), true);
        }
    }

    /** A client for the gateway of {@code --url}/{@code --key}, or of the environment. */
    RenderGatewayClient client() {
        String gateway = firstOf(url, io.env().get("RENDER_GATEWAY_URL"));
        String apiKey = firstOf(key, io.env().get("RENDER_GATEWAY_KEY"));
        if (gateway == null) {
            throw new Failure.Usage("no gateway: set RENDER_GATEWAY_URL or pass --url");
        }
        if (apiKey == null) {
            throw new Failure.Usage("no key: set RENDER_GATEWAY_KEY or pass --key");
        }
        try {
            return RenderGatewayClient.builder().baseUrl(gateway).apiKey(apiKey).build();
        } catch (IllegalArgumentException e) {
            throw new Failure.Usage(e.getMessage());
        }
    }

    /** Bars on a terminal (or with --progress), plain lines otherwise. */
    ProgressView progressView() {
        boolean bars = progress != null ? progress : io.terminal();
        return bars ? new AnsiProgressBars(io.err()) : new PlainProgress(io.err());
    }

    private static String firstOf(String given, String fromEnvironment) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }
}
