package nl.knooppunt.portal.message;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import nl.knooppunt.portal.downstream.routing.MessageMetadata;

/**
 * A sent message's status as its sender sees it; no payload.
 *
 * @param id             message id
 * @param conversationId conversation id
 * @param inReplyTo      the message it answers, if any
 * @param module         module of the standard
 * @param type           message type
 * @param recipient      recipient participant id
 * @param status         accepted, delivered, fetched, acknowledged, expired or failed
 * @param deliveryMode   mailbox (the recipient pulls) or webhook (the hub pushes)
 * @param submittedAt    when the hub accepted it
 * @param deliveredAt    when it reached the recipient's mailbox, or its webhook answered 2xx
 * @param fetchedAt      when the recipient first fetched it
 * @param acknowledgedAt when the recipient acknowledged it (and the payload was deleted)
 * @param expiredAt      when its retention ended unacknowledged (payload deleted)
 * @param failedAt       when the recipient's webhook refused it for good (payload deleted)
 */
@Schema(requiredProperties = { "id", "module", "type", "recipient", "status" })
public record MessageStatusView(String id, String conversationId, String inReplyTo, String module, String type,
        String recipient, String status, String deliveryMode, Instant submittedAt, Instant deliveredAt,
        Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt) {

    static MessageStatusView of(MessageMetadata m) {
        return new MessageStatusView(m.id(), m.conversationId(), m.inReplyTo(), m.module(), m.type(), m.recipient(),
                m.status(), m.deliveryMode(), m.submittedAt(), m.deliveredAt(), m.fetchedAt(), m.acknowledgedAt(),
                m.expiredAt(), m.failedAt());
    }
}
