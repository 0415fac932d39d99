package nl.knooppunt.registry.security;

import java.util.regex.Pattern;

import org.eclipse.microprofile.jwt.JsonWebToken;

import nl.knooppunt.kit.problem.ProblemException;

/**
 * Who makes a change, for the audit trail.
 *
 * @param subject the operator's subject (header {@value #HEADER}), or the calling service when it acts on its own
 * @param via     the calling service (the service JWT's subject)
 */
public record Actor(String subject, String via) {

    /** Header in which portal-api names the operator a change is made for. */
    public static final String HEADER = "Knooppunt-Actor";

    private static final Pattern SUBJECT = Pattern.compile("[\\p{Alnum}._@:|/+=-]{1,200}");

    /** The operator named in {@value #HEADER}; required for operator changes. */
    public static Actor operator(JsonWebToken jwt, String header) {
        if (header == null || header.isBlank()) {
            throw ProblemException.badRequest("actor-required", "Actor required",
                    "operator changes must name the operator in the " + HEADER + " header");
        }
        if (!SUBJECT.matcher(header.strip()).matches()) {
            throw ProblemException.invalidParameter(HEADER + " must be 1 to 200 characters of a token subject");
        }
        return new Actor(header.strip(), service(jwt));
    }

    /** The calling service itself, or the operator when the header names one. */
    public static Actor serviceOrOperator(JsonWebToken jwt, String header) {
        return header == null || header.isBlank() ? new Actor(service(jwt), service(jwt)) : operator(jwt, header);
    }

    private static String service(JsonWebToken jwt) {
        String subject = jwt == null ? null : jwt.getSubject();
        return subject == null ? "unknown-service" : subject;
    }
}
