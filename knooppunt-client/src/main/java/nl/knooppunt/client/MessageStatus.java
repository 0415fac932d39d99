package nl.knooppunt.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sent message's status as its sender sees it ({@code GET /api/v1/messages/{id}}); never its content.
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
 * @param deliveredAt    when it reached the recipient's mailbox or webhook
 * @param fetchedAt      when the recipient first fetched it
 * @param acknowledgedAt when the recipient acknowledged it
 * @param expiredAt      when its retention ended unacknowledged
 * @param failedAt       when the recipient's webhook refused it for good
 */
public record MessageStatus(String id, String conversationId, String inReplyTo, String module, String type,
        String recipient, String status, String deliveryMode, Instant submittedAt, Instant deliveredAt,
        Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt) {

    static MessageStatus of(JsonNode m) {
        return new MessageStatus(Json.text(m, "id"), Json.text(m, "conversationId"), Json.text(m, "inReplyTo"),
                Json.text(m, "module"), Json.text(m, "type"), Json.text(m, "recipient"), Json.text(m, "status"),
                Json.text(m, "deliveryMode"), Json.instant(m, "submittedAt"), Json.instant(m, "deliveredAt"),
                Json.instant(m, "fetchedAt"), Json.instant(m, "acknowledgedAt"), Json.instant(m, "expiredAt"),
                Json.instant(m, "failedAt"));
    }
}
