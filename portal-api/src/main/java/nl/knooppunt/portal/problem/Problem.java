package nl.knooppunt.portal.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.knooppunt.standard.envelope.Violation;

/**
 * An RFC 9457 problem detail, the body of every error response.
 *
 * @param type       URI naming the kind of problem
 * @param title      short summary of the kind of problem
 * @param status     the HTTP status
 * @param detail     what went wrong in this case; never a payload value
 * @param violations for 422: every way the message breaks the standard
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    /** Media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://knooppunt.nl/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null);
    }
}
