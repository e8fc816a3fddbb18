package dev.rendergateway.server.http;

/** Ends a request with a {@link Problem} answer; thrown or signalled by handlers, answered by {@link Replies}. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** 404 for a render the caller does not have (unknown, or another tenant's: the answer is the same). */
    public static ProblemException noSuchRender(String id) {
        return new ProblemException(Problem.notFound("There is no render " + id + "."));
    }

    public Problem problem() {
        return problem;
    }
}
