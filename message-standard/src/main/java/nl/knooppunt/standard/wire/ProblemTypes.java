package nl.knooppunt.standard.wire;

/**
 * The one scheme of problem types (RFC 9457) of every API of the hub, public and internal:
 * {@code https://knooppunt.nl/problems/<code>} (docs/internal-apis.md).
 */
public final class ProblemTypes {

    /** What every problem type starts with. */
    public static final String BASE = "https://knooppunt.nl/problems/";
    /** The code of a message that breaks the standard (422, with violations). */
    public static final String STANDARD_VIOLATION = "standard-violation";

    private ProblemTypes() {
    }

    /** The type URI of a problem code, e.g. {@code not-found}. */
    public static String of(String code) {
        return BASE + code;
    }
}
