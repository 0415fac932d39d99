package nl.knooppunt.portal.problem;

import java.util.List;
import java.util.Map;

import nl.knooppunt.standard.envelope.Violation;

/** Thrown anywhere in portal-api to answer with a specific problem response. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException gone(String detail) {
        return new ProblemException(Problem.of(410, "gone", "Gone", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable", detail),
                Map.of("Retry-After", "5"));
    }

    public static ProblemException violations(List<Violation> violations) {
        return new ProblemException(new Problem("https://knooppunt.nl/problems/standard-violation",
                "The message breaks the standard", 422,
                violations.size() + " violation(s) of the standard; see violations", List.copyOf(violations)));
    }
}
