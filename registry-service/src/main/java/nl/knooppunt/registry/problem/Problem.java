package nl.knooppunt.registry.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}.
 *
 * @param type   URI naming the kind of problem, {@code https://knooppunt.nl/problems/<code>}
 * @param title  short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong this time; never a stack trace, SQL or payload value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    /** The media type of a problem answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem whose type is {@code https://knooppunt.nl/problems/<code>}, as portal-api's own. */
    public static Problem of(String code, String title, int status, String detail) {
        return new Problem("https://knooppunt.nl/problems/" + code, title, status, detail);
    }
}
