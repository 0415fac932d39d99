package nl.knooppunt.portal.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message as a participant submits it.
 *
 * @param module    module of the standard, e.g. {@code schuldinventarisatie}
 * @param type      message type, e.g. {@code saldoverzoek}
 * @param recipient participant id of the recipient (from the directory)
 * @param inReplyTo id of the message this one answers; absent for a new request
 * @param payload   the message content as defined by the type's JSON Schema
 */
public record SubmissionRequest(String module, String type, String recipient, String inReplyTo, JsonNode payload) {
}
