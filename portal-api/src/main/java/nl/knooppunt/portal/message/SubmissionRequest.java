package nl.knooppunt.portal.message;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.portal.problem.RejectUnknownFields;

/**
 * A message as a participant submits it.
 *
 * @param module     module of the standard, e.g. {@code schuldinventarisatie}
 * @param type       message type, e.g. {@code saldoverzoek}
 * @param recipient  the recipient: its participant id (from the directory) or its OIN (20 digits); or use
 *                   {@code recipients}
 * @param recipients several recipients at once (e.g. a kennisgeving to all of a person's creditors), each by id or
 *                   OIN: each gets its own message id, encrypted copy and status
 * @param inReplyTo  id of the message this one answers; absent for a new request
 * @param payload    the message content as defined by the type's JSON Schema
 */
@RejectUnknownFields
public record SubmissionRequest(String module, String type, String recipient, List<String> recipients,
        String inReplyTo, JsonNode payload) {

    /** The same submission to one recipient. */
    SubmissionRequest to(String oneRecipient) {
        return new SubmissionRequest(module, type, oneRecipient, null, inReplyTo, payload);
    }
}
