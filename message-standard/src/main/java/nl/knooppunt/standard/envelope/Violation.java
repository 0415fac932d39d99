package nl.knooppunt.standard.envelope;

/**
 * One way in which a message breaks the standard.
 *
 * @param code    stable machine-readable code, e.g. {@code schema.required}
 * @param pointer JSON pointer (RFC 6901) into the payload, "" for the whole payload
 * @param message human-readable explanation; never contains a payload value
 */
public record Violation(String code, String pointer, String message) {
}
