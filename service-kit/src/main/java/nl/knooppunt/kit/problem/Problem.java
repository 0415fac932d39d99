package nl.knooppunt.kit.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.wire.ProblemTypes;

/**
 * An RFC 9457 problem detail, the body of every error answer of the hub ({@code application/problem+json}); its type
 * is always {@code https://knooppunt.nl/problems/<code>} ({@link ProblemTypes}, docs/internal-apis.md).
 *
 * @param type       URI naming the kind of problem
 * @param title      short summary of the kind of problem
 * @param status     the HTTP status
 * @param detail     what went wrong this time; never a stack trace, SQL or payload value
 * @param violations for 422 of a message: every way it breaks the standard; else null (and absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    /** The media type of a problem answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the code's type, without violations; the arguments in the order of the answer's first line. */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(ProblemTypes.of(code), title, status, detail, null);
    }
}
