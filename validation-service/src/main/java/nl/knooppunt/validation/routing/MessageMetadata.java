package nl.knooppunt.validation.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Metadata of a message as routing-service's internal API describes it; never a payload.
 *
 * @param id             message id
 * @param conversationId conversation it belongs to
 * @param inReplyTo      message it answers, or null
 * @param module         module of the standard
 * @param type           message type
 * @param sender         participant id of its sender
 * @param recipient      participant id of its recipient
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageMetadata(String id, String conversationId, String inReplyTo, String module, String type,
        String sender, String recipient) {
}
