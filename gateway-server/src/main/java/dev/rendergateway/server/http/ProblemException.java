package dev.rendergateway.server.http;

/** Ends a request with a {@link Problem} answer; thrown or signalled by handlers, answered by {@link Replies}. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
