package nl.knooppunt.routing.message.rest;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.knooppunt.routing.message.repository.StoredMessage;

/**
 * Message metadata as the internal API shows it (docs/internal-apis.md); {@code payload} only when fetched.
 *
 * @param status       lower-case status, e.g. {@code delivered}
 * @param deliveryMode {@code mailbox} or {@code webhook}
 * @param payload      the compact JWE exactly as stored; absent except in a mailbox fetch
 */
public record MessageView(String id, String conversationId, String inReplyTo, String module, String type,
        String sender, String recipient, String status, String deliveryMode, Instant submittedAt,
        Instant deliveredAt, Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String payload) {

    /** Metadata only. */
    public static MessageView metadata(StoredMessage message) {
        return of(message, null);
    }

    /** Metadata plus the payload. */
    public static MessageView withPayload(StoredMessage message) {
        return of(message, message.payload());
    }

    private static MessageView of(StoredMessage m, String payload) {
        Instant now = Instant.now();
        Instant expiredAt = m.expiredAt() != null ? m.expiredAt() : (m.isExpired(now) ? m.expiresAt() : null);
        return new MessageView(m.id().toString(), m.conversationId().toString(),
                m.inReplyTo() == null ? null : m.inReplyTo().toString(), m.module(), m.type(),
                m.sender().toString(), m.recipient().toString(), m.effectiveStatus(now).apiName(),
                m.deliveryMode(), m.submittedAt(), m.deliveredAt(), m.fetchedAt(), m.acknowledgedAt(), expiredAt,
                m.failedAt(), payload);
    }
}
