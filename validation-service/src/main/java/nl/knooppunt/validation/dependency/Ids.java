package nl.knooppunt.validation.dependency;

import java.util.UUID;

/** Checks on ids before they are sent to another service: hub ids are UUIDs, anything else is unknown. */
public final class Ids {

    private Ids() {
    }

    /** Whether the value is a UUID in its canonical 36-character form. */
    public static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
