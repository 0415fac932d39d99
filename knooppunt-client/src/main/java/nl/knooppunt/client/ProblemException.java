package nl.knooppunt.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The hub refused a request with an RFC 9457 problem ({@code application/problem+json}): its status, type, title,
 * detail, the {@code violations} of a {@code 422} and the {@code Retry-After} of a {@code 429} or {@code 503}.
 */
public class ProblemException extends KnooppuntException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<Violation> violations;
    private final Duration retryAfter;

    public ProblemException(int status, String type, String title, String detail, List<Violation> violations,
            Duration retryAfter) {
        super(status + " " + title + (detail == null ? "" : ": " + detail)
                + (violations.isEmpty() ? "" : " " + violations));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.violations = List.copyOf(violations);
        this.retryAfter = retryAfter;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The URI naming the kind of problem, e.g. {@code https://knooppunt.nl/problems/standard-violation}. */
    public String type() {
        return type;
    }

    /** The last segment of {@link #type()}, e.g. {@code standard-violation}: handy in a {@code switch}. */
    public String kind() {
        return type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
    }

    /** A short summary of the kind of problem. */
    public String title() {
        return title;
    }

    /** What went wrong in this case (may be null). */
    public String detail() {
        return detail;
    }

    /** Every way the message breaks the standard (a {@code 422}); empty for other problems. */
    public List<Violation> violations() {
        return violations;
    }

    /** How long the hub asked to wait before a retry ({@code Retry-After}), when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
