package nl.knooppunt.portal.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.problem.Echo;

/** The body {@code {"ids": [...]}} of a bulk acknowledgement, checked as ADR 0033 says. */
final class AcknowledgementIds {

    /** Largest page and largest bulk acknowledgement. */
    static final int MAX_IDS = 500;

    private AcknowledgementIds() {
    }

    /** The ids, canonical and in the order given; a problem naming the pointer (never the value) otherwise. */
    static List<String> of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object {\"ids\": [message ids]}");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!"ids".equals(name)) {
                throw new ProblemException(Problem.of(400, "unknown-field", "Unknown field",
                        "the request has a field the API does not know: '" + Echo.safe(name)
                                + "'; see the OpenAPI document at /q/openapi"));
            }
        });
        JsonNode ids = body.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw ProblemException.badRequest("/ids must be an array of 1 to " + MAX_IDS + " message ids");
        }
        Map<UUID, Integer> seen = new HashMap<>();
        List<String> result = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            UUID uuid = id.isTextual() ? canonicalUuid(id.asText()) : null;
            if (uuid == null) {
                throw ProblemException.badRequest("/ids/" + i + " is not a message id (UUID)");
            }
            Integer earlier = seen.putIfAbsent(uuid, i);
            if (earlier != null) {
                throw ProblemException.badRequest("/ids/" + i + " repeats /ids/" + earlier);
            }
            result.add(uuid.toString());
        }
        return result;
    }

    /** The UUID, if the value is one in its canonical 36-character form (any case). */
    static UUID canonicalUuid(String value) {
        try {
            UUID uuid = UUID.fromString(value);
            return uuid.toString().equalsIgnoreCase(value) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
