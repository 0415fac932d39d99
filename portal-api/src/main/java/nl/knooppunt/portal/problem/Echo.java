package nl.knooppunt.portal.problem;

import java.util.regex.Pattern;

/** Decides whether a value from a request may be repeated in a problem response: plain identifiers only. */
public final class Echo {

    /** What a problem says instead of a value it will not repeat. */
    public static final String HIDDEN = "(the given value)";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private Echo() {
    }

    /** The value itself when it is a plain identifier (letters, digits, {@code . _ : -}, at most 100), else a placeholder. */
    public static String safe(String value) {
        return isPlain(value) ? value : HIDDEN;
    }

    /** Whether the value is a plain identifier that is safe to repeat. */
    public static boolean isPlain(String value) {
        return value != null && PLAIN.matcher(value).matches();
    }
}
