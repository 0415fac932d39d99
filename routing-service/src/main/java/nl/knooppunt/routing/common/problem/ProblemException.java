package nl.knooppunt.routing.common.problem;

/** An expected failure that the REST layer answers with its problem detail. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    public static ProblemException gone(String detail) {
        return new ProblemException(Problem.of("gone", "Gone", 410, detail));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of("bad-request", "Bad request", 400, detail));
    }
}
