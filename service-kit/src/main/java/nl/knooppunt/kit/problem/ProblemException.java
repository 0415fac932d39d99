package nl.knooppunt.kit.problem;

import java.util.List;
import java.util.Map;

import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.wire.ProblemTypes;

/** An expected failure, thrown anywhere in a service, that the REST layer answers with the problem it carries. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** A problem answered with extra response headers (e.g. {@code Retry-After}). */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** Response headers to send with the problem. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400 {@code bad-request}: the request is malformed. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    /** 400 of a specific kind: a request parameter or body is invalid. */
    public static ProblemException badRequest(String code, String title, String detail) {
        return new ProblemException(Problem.of(400, code, title, detail));
    }

    /** 400 {@code invalid-parameter}: an invalid query or path parameter. */
    public static ProblemException invalidParameter(String detail) {
        return badRequest("invalid-parameter", "Invalid request parameter", detail);
    }

    /** 403: the caller is authenticated but may not do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    /** 404: the addressed resource does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    /** 409: the request conflicts with what is registered. */
    public static ProblemException conflict(String code, String title, String detail) {
        return new ProblemException(Problem.of(409, code, title, detail));
    }

    /** 410: the resource existed and is gone (acknowledged or expired). */
    public static ProblemException gone(String detail) {
        return new ProblemException(Problem.of(410, "gone", "Gone", detail));
    }

    /** 422: well-formed, but refers to something that does not exist or is not allowed. */
    public static ProblemException unprocessable(String code, String title, String detail) {
        return new ProblemException(Problem.of(422, code, title, detail));
    }

    /** 422 {@code standard-violation}: the message breaks the standard, with every violation. */
    public static ProblemException violations(List<Violation> violations) {
        return new ProblemException(new Problem(ProblemTypes.of(ProblemTypes.STANDARD_VIOLATION),
                "The message breaks the standard", 422,
                violations.size() + " violation(s) of the standard; see violations", List.copyOf(violations)));
    }

    /** 503 {@code unavailable} with {@code Retry-After}: a dependency is down; retry later. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable", detail),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
