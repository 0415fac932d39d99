package nl.knooppunt.portal.message;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.standard.envelope.Envelope;

/**
 * Messages this replica accepted in the last minutes, so their sender sees status {@code accepted} in the short
 * moment between the 201 and routing-service storing the delivery (instead of a 404). Metadata only.
 */
@ApplicationScoped
public class RecentlyAccepted {

    private final Cache<String, MessageStatusView> accepted = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(200_000)
            .build();
    private final Cache<String, String> senders = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(200_000)
            .build();

    void remember(Envelope envelope, String conversationId) {
        accepted.put(envelope.messageId(), new MessageStatusView(envelope.messageId(), conversationId,
                envelope.inReplyTo(), envelope.module(), envelope.type(), envelope.recipient(), "accepted", null,
                envelope.submittedAt(), null, null, null, null, null));
        senders.put(envelope.messageId(), envelope.sender());
    }

    /** The accepted status of a message this replica accepted from that sender, if it still remembers it. */
    Optional<MessageStatusView> find(String messageId, String sender) {
        return sender.equals(senders.getIfPresent(messageId))
                ? Optional.ofNullable(accepted.getIfPresent(messageId))
                : Optional.empty();
    }
}
