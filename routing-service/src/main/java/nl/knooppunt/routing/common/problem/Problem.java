package nl.knooppunt.routing.common.problem;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * @param type   URI identifying the kind of problem
 * @param title  short summary of the kind of problem
 * @param status HTTP status code
 * @param detail explanation of this occurrence; never a payload value, SQL or stack trace
 */
public record Problem(String type, String title, int status, String detail) {

    /** Media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:knooppunt:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }
}
