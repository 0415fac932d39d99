package nl.knooppunt.client;

/**
 * One way a message breaks the standard, as a {@code 422} problem (or a rejected recipient) lists it.
 *
 * @param code    the violation code, e.g. {@code schema.pattern} (docs/standard.md lists them all)
 * @param pointer the JSON pointer into the payload (or the request) where it is, e.g. {@code /client/bsn}
 * @param message what is wrong, in words; never a value you sent
 */
public record Violation(String code, String pointer, String message) {
}
