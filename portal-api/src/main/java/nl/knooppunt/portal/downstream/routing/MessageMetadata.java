package nl.knooppunt.portal.downstream.routing;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A message's metadata as routing-service returns it (GET /internal/v1/messages/{id}, mailbox listings and fetches);
 * {@code payload} only on a mailbox fetch.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageMetadata(String id, String conversationId, String inReplyTo, String module, String type,
        String sender, String recipient, String status, String deliveryMode, Instant submittedAt, Instant deliveredAt,
        Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt, String payload) {
}
