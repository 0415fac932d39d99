package nl.knooppunt.routing.common.problem;

import java.util.UUID;

import nl.knooppunt.kit.problem.ProblemException;

/** Parses ids from request paths: anything that is not a UUID names no resource, so it is a 404. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID parse(String value, String what) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 404 below
        }
        throw ProblemException.notFound("no such " + what);
    }
}
