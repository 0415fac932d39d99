package nl.knooppunt.portal.inbox;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message in the caller's inbox. In listings only the envelope; on fetch (and in a listing with
 * {@code include=content}) also the content: {@code encryptedPayload}, a compact JWE to the participant's own
 * registered key, which only the participant can open (the hub holds no participant's private key, ADR 0042).
 *
 * @param id               message id
 * @param conversationId   conversation id
 * @param inReplyTo        the message it answers, if any
 * @param module           module of the standard
 * @param type             message type
 * @param sender           sender participant id
 * @param status           delivered or fetched
 * @param submittedAt      when the sender submitted it
 * @param deliveredAt      when it reached this inbox
 * @param encryptedPayload the content, a compact JWE to the participant's own key
 */
@Schema(requiredProperties = { "id", "module", "type", "sender", "status" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxMessage(String id, String conversationId, String inReplyTo, String module, String type,
        String sender, String status, Instant submittedAt, Instant deliveredAt, String encryptedPayload) {
}
