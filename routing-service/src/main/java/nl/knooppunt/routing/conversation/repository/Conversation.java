package nl.knooppunt.routing.conversation.repository;

import java.util.List;
import java.util.UUID;

/**
 * A conversation: a request and everything answered in it.
 *
 * @param id       conversation id (the id of the request that started it)
 * @param messages its messages in submission order
 */
public record Conversation(UUID id, List<ConversationMessage> messages) {
}
