package dev.rendergateway.client.cli;

/** The CLI's exit statuses: 0 all done, 1 a render not {@code done} (or refused), 2 usage, auth or connection. */
final class ExitStatus {

    static final int ALL_DONE = 0;
    static final int NOT_ALL_DONE = 1;
    static final int USAGE_AUTH_OR_CONNECTION = 2;

    private ExitStatus() {
    }
}
