package nl.knooppunt.standard.envelope;

import java.time.Instant;

/**
 * What the hub may see of a message: ids, module, type, sender and recipient. Never the payload.
 *
 * @param messageId      unique id of this message (UUID), assigned by the hub at submission
 * @param conversationId id shared by a request and all its answers
 * @param inReplyTo      id of the message this one answers, or null for a new request
 * @param module         module of the standard, e.g. {@code schuldinventarisatie}
 * @param type           message type within the module, e.g. {@code saldoverzoek}
 * @param sender         participant id of the sender
 * @param recipient      participant id of the recipient
 * @param submittedAt    when the hub accepted the submission
 */
public record Envelope(String messageId, String conversationId, String inReplyTo, String module, String type,
        String sender, String recipient, Instant submittedAt) {
}
