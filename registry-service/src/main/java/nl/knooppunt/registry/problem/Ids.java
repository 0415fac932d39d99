package nl.knooppunt.registry.problem;

import java.util.UUID;
import java.util.regex.Pattern;

import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Parsing and checking of identifiers and paging parameters taken from a request; a bad one is a 400 problem. */
public final class Ids {

    /** The largest page size a search answers. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final Pattern OIN = Pattern.compile("[0-9]{20}");
    private static final Pattern KVK = Pattern.compile("[0-9]{8}");
    private static final Pattern MODULE = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern STATUS = Pattern.compile("onboarding|active|suspended|left");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_CLIENT_ID_LENGTH = 200;
    private static final int MAX_PAGE = 1_000_000;

    private Ids() {
    }

    /** A participant id (UUID) from a path. */
    public static UUID participantId(String value) {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw ProblemException.invalidParameter("participant id must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** An OIN (20 digits) from a path. */
    public static String oin(String value) {
        if (value == null || !OIN.matcher(value).matches()) {
            throw ProblemException.invalidParameter("OIN must be 20 digits");
        }
        return value;
    }

    /** An OIDC client id from a path. */
    public static String clientId(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_CLIENT_ID_LENGTH) {
            throw ProblemException.invalidParameter("client id must be 1 to " + MAX_CLIENT_ID_LENGTH + " characters");
        }
        return value;
    }

    /** The zero-based page number; 0 when absent. */
    public static int page(String value) {
        int page = integer("page", value, 0);
        if (page < 0 || page > MAX_PAGE) {
            throw ProblemException.invalidParameter("page must be between 0 and " + MAX_PAGE);
        }
        return page;
    }

    /** The page size; 20 when absent, at most {@value #MAX_PAGE_SIZE}. */
    public static int size(String value) {
        int size = integer("size", value, 20);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalidParameter("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    /** The search text, trimmed; null when absent or blank. */
    public static String query(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw ProblemException.invalidParameter("q must be at most 200 characters");
        }
        return value.strip();
    }

    private static int integer(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidParameter(name + " must be a whole number");
        }
    }

    /** A KvK number (8 digits) from a query. */
    public static String kvk(String value) {
        if (!KVK.matcher(value).matches()) {
            throw ProblemException.invalidParameter("kvk must be 8 digits");
        }
        return value;
    }

    /** A participant kind filter; null when absent. */
    public static String kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (ParticipantKind.fromApiName(value).isEmpty()) {
            throw ProblemException.invalidParameter("kind must be one of counsellor-phase-1, counsellor-phase-2, "
                    + "other-counsellor, administrator, creditor, guarantee-fund");
        }
        return value;
    }

    /** A module filter; null when absent. */
    public static String module(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!MODULE.matcher(value).matches()) {
            throw ProblemException.invalidParameter("module must be a module id such as schuldinventarisatie");
        }
        return value;
    }

    /** A status filter; null when absent. */
    public static String status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!STATUS.matcher(value).matches()) {
            throw ProblemException.invalidParameter("status must be onboarding, active, suspended or left");
        }
        return value;
    }
}
