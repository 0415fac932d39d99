package nl.knooppunt.routing.conversation.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Read-only queries on the {@code message} table for conversations (uses the conversation_id index). */
@ApplicationScoped
public class ConversationQueries {

    /** Most messages one conversation answer lists; a real conversation has a handful. */
    public static final int MAX_MESSAGES = 500;

    private final Pool pool;

    public ConversationQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * The conversation the message belongs to, with all its messages in submission order (at most
     * {@value #MAX_MESSAGES}); empty when the message is unknown.
     */
    public Uni<Optional<Conversation>> conversationOf(UUID messageId) {
        return pool.preparedQuery("""
                SELECT m.conversation_id, m.id, m.in_reply_to, m.module, m.type, m.sender, m.recipient, m.submitted_at
                FROM message m
                WHERE m.conversation_id = (SELECT conversation_id FROM message WHERE id = $1)
                ORDER BY m.submitted_at, m.id
                LIMIT $2""")
                .execute(Tuple.of(messageId, MAX_MESSAGES))
                .map(rows -> {
                    UUID conversationId = null;
                    List<ConversationMessage> messages = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        conversationId = row.getUUID("conversation_id");
                        messages.add(new ConversationMessage(row.getUUID("id"), row.getUUID("in_reply_to"),
                                row.getString("module"), row.getString("type"), row.getUUID("sender"),
                                row.getUUID("recipient"), row.getOffsetDateTime("submitted_at").toInstant()));
                    }
                    return conversationId == null ? Optional.<Conversation>empty()
                            : Optional.of(new Conversation(conversationId, List.copyOf(messages)));
                });
    }
}
