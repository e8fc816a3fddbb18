package dev.rendergateway.client.cli;

import dev.rendergateway.client.GatewayUnreachableException;
import dev.rendergateway.client.RenderGatewayException;
import java.io.PrintWriter;
import reactor.core.Exceptions;

/** What went wrong in a run, as one line on stderr and an exit status. */
record Failure(String message, int exitStatus) {

    /** The failure an exception stands for: refusals other than authentication are 1, the rest 2. */
    static Failure of(Throwable thrown) {
        Throwable error = Exceptions.unwrap(thrown);
        if (error instanceof RenderGatewayException refused) {
            if (refused.isAuthentication()) {
                return new Failure("the gateway refused the key: " + refused.problem().summary(),
                        ExitStatus.USAGE_AUTH_OR_CONNECTION);
            }
            return new Failure(refused.problem().summary(), ExitStatus.NOT_ALL_DONE);
        }
        if (error instanceof GatewayUnreachableException || error instanceof Usage
                || error instanceof RequestReader.InputException) {
            return new Failure(error.getMessage(), ExitStatus.USAGE_AUTH_OR_CONNECTION);
        }
        return new Failure("unexpected " + error, ExitStatus.USAGE_AUTH_OR_CONNECTION);
    }

    /** Prints the one line; returns the exit status. */
    int report(PrintWriter err) {
        err.println("render-gateway: " + message);
        err.flush();
        return exitStatus;
    }

    /** A usage error found while running (no gateway, no key, a bad URL). */
    static final class Usage extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }
}
