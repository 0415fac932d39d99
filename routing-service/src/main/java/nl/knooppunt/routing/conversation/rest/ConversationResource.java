package nl.knooppunt.routing.conversation.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.PathIds;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.conversation.repository.ConversationMessage;
import nl.knooppunt.routing.conversation.repository.Conversation;
import nl.knooppunt.routing.conversation.service.ConversationService;

/**
 * Conversation metadata for validation-service's question-and-answer protocol (docs/internal-apis.md): which
 * messages a conversation holds, who sent them to whom and what they answer. Read-only; never a payload.
 */
@Path("/internal/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    /** Group a caller needs: the same as for message metadata. */
    public static final String GROUP = "messages.read";

    private final ConversationService conversations;

    public ConversationResource(ConversationService conversations) {
        this.conversations = conversations;
    }

    /** The conversation that holds the message {@code message}; 404 when the message is unknown. */
    @GET
    @RolesAllowed(GROUP)
    public Uni<ConversationView> byMessage(@QueryParam("message") String message) {
        if (message == null || message.isBlank()) {
            throw ProblemException.badRequest("query parameter 'message' (a message id) is required");
        }
        return conversations.holding(PathIds.parse(message, "message"))
                .map(found -> found.map(ConversationView::of)
                        .orElseThrow(() -> ProblemException.notFound("no such message")));
    }

    /**
     * A conversation as the internal API shows it.
     *
     * @param conversationId id of the conversation
     * @param messages       its messages in submission order
     */
    public record ConversationView(String conversationId, List<MessageView> messages) {

        static ConversationView of(Conversation conversation) {
            return new ConversationView(conversation.id().toString(),
                    conversation.messages().stream().map(MessageView::of).toList());
        }
    }

    /**
     * One message of a conversation: metadata only.
     *
     * @param id          message id
     * @param inReplyTo   the message it answers, or null
     * @param module      module of the standard
     * @param type        message type
     * @param sender      participant id of its sender
     * @param recipient   participant id of its recipient
     * @param submittedAt when the hub accepted it
     */
    public record MessageView(String id, String inReplyTo, String module, String type, String sender,
            String recipient, Instant submittedAt) {

        static MessageView of(ConversationMessage m) {
            return new MessageView(m.id().toString(), m.inReplyTo() == null ? null : m.inReplyTo().toString(),
                    m.module(), m.type(), m.sender().toString(), m.recipient().toString(), m.submittedAt());
        }
    }
}
