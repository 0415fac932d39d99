package nl.knooppunt.client;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a bulk acknowledgement did with each id, every id in exactly one list, in the order asked.
 *
 * @param acknowledged acknowledged now (or before): the hub deleted their content
 * @param expired      their retention ended before you acknowledged them
 * @param notFound     no message of the inbox (unknown, or another participant's)
 */
public record Acknowledgements(List<String> acknowledged, List<String> expired, List<String> notFound) {

    /** Whether every id was acknowledged. */
    public boolean all() {
        return expired.isEmpty() && notFound.isEmpty();
    }

    static Acknowledgements of(JsonNode answer) {
        return new Acknowledgements(Json.strings(answer.path("acknowledged")), Json.strings(answer.path("expired")),
                Json.strings(answer.path("notFound")));
    }
}
