package nl.knooppunt.routing.conversation.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.conversation.repository.Conversation;
import nl.knooppunt.routing.conversation.repository.ConversationQueries;

/** Conversations for the question-and-answer protocol: which messages a conversation holds, metadata only. */
@ApplicationScoped
public class ConversationService {

    private final ConversationQueries queries;

    public ConversationService(ConversationQueries queries) {
        this.queries = queries;
    }

    /** The conversation that holds the message, or empty when the message is unknown. */
    public Uni<Optional<Conversation>> holding(UUID messageId) {
        return queries.conversationOf(messageId);
    }
}
