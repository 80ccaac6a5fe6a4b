package io.tariffwatch.support.problem;

/** Thrown to answer a request with a problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
