package nl.knooppunt.routing.conversation.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of a conversation as the question-and-answer protocol needs it: metadata only, never a payload.
 *
 * @param id          message id
 * @param inReplyTo   the message it answers, or null for a request
 * @param module      module of the standard
 * @param type        message type
 * @param sender      participant id of the sender
 * @param recipient   participant id of the recipient
 * @param submittedAt when the hub accepted it
 */
public record ConversationMessage(UUID id, UUID inReplyTo, String module, String type, UUID sender, UUID recipient,
        Instant submittedAt) {
}
