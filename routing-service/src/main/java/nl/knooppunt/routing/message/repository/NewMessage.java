package nl.knooppunt.routing.message.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A verified delivery ready to be stored in its recipient's mailbox or pushed to its webhook.
 *
 * @param payload the compact JWE to the recipient, stored exactly as received
 */
public record NewMessage(UUID id, UUID conversationId, UUID inReplyTo, String module, String type, UUID sender,
        UUID recipient, Instant submittedAt, String payload) {
}
