package nl.knooppunt.portal.inbox;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message in the vendor-wide inbox: an {@link InboxMessage} that names the participant it is addressed to.
 *
 * @param id               message id
 * @param recipient        the participant (id) it waits for, one of those the caller acts for
 * @param conversationId   conversation id
 * @param inReplyTo        the message it answers, if any
 * @param module           module of the standard
 * @param type             message type
 * @param sender           sender participant id
 * @param status           delivered or fetched
 * @param submittedAt      when the sender submitted it
 * @param deliveredAt      when it reached the recipient's inbox
 * @param encryptedPayload the content, a compact JWE to the recipient's own key ({@code include=content})
 */
@Schema(requiredProperties = { "id", "recipient", "module", "type", "sender", "status" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VendorInboxMessage(String id, String recipient, String conversationId, String inReplyTo, String module,
        String type, String sender, String status, Instant submittedAt, Instant deliveredAt,
        String encryptedPayload) {
}
