package nl.knooppunt.portal.routing;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A message's metadata as routing-service returns it; {@code payload} only on a mailbox fetch. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageMetadata(String id, String conversationId, String inReplyTo, String module, String type,
        String sender, String recipient, String status, Instant submittedAt, Instant deliveredAt, Instant fetchedAt,
        Instant acknowledgedAt, String payload) {
}
