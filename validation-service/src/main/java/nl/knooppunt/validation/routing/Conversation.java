package nl.knooppunt.validation.routing;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A conversation as routing-service's internal API describes it: a request and every message answered in it,
 * metadata only (docs/internal-apis.md, {@code GET /internal/v1/conversations?message=}).
 *
 * @param conversationId id of the conversation
 * @param messages       its messages in submission order; {@code conversationId} of each may be absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Conversation(String conversationId, List<MessageMetadata> messages) {

    public Conversation {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** The message with this id, if the conversation holds it. */
    public Optional<MessageMetadata> message(String id) {
        return messages.stream().filter(m -> m.id() != null && m.id().equals(id)).findFirst();
    }
}
