package nl.knooppunt.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message waiting in an inbox. With content ({@link InboxQuery#withContent()} or a single fetch) it carries
 * {@code encryptedPayload}, the compact JWE to your own key ({@link PayloadDecryptor} opens it); the hub holds no
 * participant's private key, so it never hands over content in clear.
 *
 * @param id               message id
 * @param recipient        the participant it waits for (vendor-wide inbox; null in a participant's own inbox)
 * @param conversationId   conversation id
 * @param inReplyTo        the message it answers, if any
 * @param module           module of the standard
 * @param type             message type
 * @param sender           sender participant id
 * @param status           delivered or fetched
 * @param submittedAt      when the sender submitted it
 * @param deliveredAt      when it reached the inbox
 * @param encryptedPayload the content as compact JWE to your key (else null)
 */
public record InboxMessage(String id, String recipient, String conversationId, String inReplyTo, String module,
        String type, String sender, String status, Instant submittedAt, Instant deliveredAt,
        String encryptedPayload) {

    static InboxMessage of(JsonNode m) {
        return new InboxMessage(Json.text(m, "id"), Json.text(m, "recipient"), Json.text(m, "conversationId"),
                Json.text(m, "inReplyTo"), Json.text(m, "module"), Json.text(m, "type"), Json.text(m, "sender"),
                Json.text(m, "status"), Json.instant(m, "submittedAt"), Json.instant(m, "deliveredAt"),
                Json.text(m, "encryptedPayload"));
    }
}
