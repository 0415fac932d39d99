package nl.knooppunt.portal.message;

import java.time.Instant;

import nl.knooppunt.portal.routing.MessageMetadata;

/**
 * A sent message's status as its sender sees it; no payload.
 *
 * @param id             message id
 * @param conversationId conversation id
 * @param inReplyTo      the message it answers, if any
 * @param module         module of the standard
 * @param type           message type
 * @param recipient      recipient participant id
 * @param status         accepted, delivered, fetched, acknowledged or expired
 * @param submittedAt    when the hub accepted it
 * @param deliveredAt    when it reached the recipient's mailbox
 * @param fetchedAt      when the recipient first fetched it
 * @param acknowledgedAt when the recipient acknowledged it (and the payload was deleted)
 */
public record MessageStatusView(String id, String conversationId, String inReplyTo, String module, String type,
        String recipient, String status, Instant submittedAt, Instant deliveredAt, Instant fetchedAt,
        Instant acknowledgedAt) {

    static MessageStatusView of(MessageMetadata m) {
        return new MessageStatusView(m.id(), m.conversationId(), m.inReplyTo(), m.module(), m.type(), m.recipient(),
                m.status(), m.submittedAt(), m.deliveredAt(), m.fetchedAt(), m.acknowledgedAt());
    }
}
