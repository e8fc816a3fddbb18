package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;
import dev.rendergateway.client.RenderGatewayClient;
import java.io.PrintWriter;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Shows steps as they come, on the calling thread (never an event loop: printing blocks): accepted renders as JSON
 * lines unless waiting, each render that ends as one JSON line on stdout (as the API returns it), refusals on stderr,
 * and progress through the {@link ProgressView}.
 */
final class StepPrinter {

    private static final int PREFETCH = 256;

    private final RenderGatewayClient client;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ProgressView view;
    private final Tally tally = new Tally();

    StepPrinter(RenderGatewayClient client, CliIo io, ProgressView view) {
        this.client = client;
        this.out = io.out();
        this.err = io.err();
        this.view = view;
    }

    /** Shows every step until the flux ends; returns the exit status they make. */
    int print(Flux<Step> steps, boolean printAccepted) {
        try {
            // Hand-over off the event loop: the iterator wakes this thread with a lock, which may park under
            // contention; BlockHound caught it on a reactor-http thread (and the run then hung).
            for (Step step : steps.publishOn(Schedulers.boundedElastic(), PREFETCH).toIterable(PREFETCH)) {
                show(step, printAccepted);
            }
        } catch (RuntimeException e) {
            view.finish();
            throw Exceptions.unwrap(e) instanceof RuntimeException cause ? cause : e;
        }
        view.finish();
        return tally.exitStatus();
    }

    private void show(Step step, boolean printAccepted) {
        if (step instanceof Step.Accepted accepted) {
            if (printAccepted) {
                line(accepted.render());
            }
        } else if (step instanceof Step.Refused refused) {
            tally.refused();
            view.beforeOutput();
            err.println(refused.where() + ": " + refused.problem().summary());
            err.flush();
            view.afterOutput();
        } else if (step instanceof Step.Changed changed) {
            view.update(changed.render());
            if (tally.ended(changed.render())) {
                line(changed.render());
            }
        }
    }

    private void line(Render render) {
        view.beforeOutput();
        out.println(client.toJsonLine(render));
        out.flush();
        view.afterOutput();
    }
}
