package nl.knooppunt.registry.problem;

/** A failure that is answered with the problem it carries. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400: a request parameter or body is invalid. */
    public static ProblemException badRequest(String code, String title, String detail) {
        return new ProblemException(Problem.of(code, title, 400, detail));
    }

    /** 400: an invalid query or path parameter. */
    public static ProblemException invalidParameter(String detail) {
        return badRequest("invalid-parameter", "Invalid request parameter", detail);
    }

    /** 403: the caller is authenticated but may not do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of("forbidden", "Forbidden", 403, detail));
    }

    /** 404: the addressed resource does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    /** 409: the request conflicts with what is registered. */
    public static ProblemException conflict(String code, String title, String detail) {
        return new ProblemException(Problem.of(code, title, 409, detail));
    }

    /** 422: the request is well-formed but refers to something that does not exist or is not allowed. */
    public static ProblemException unprocessable(String code, String title, String detail) {
        return new ProblemException(Problem.of(code, title, 422, detail));
    }
}
