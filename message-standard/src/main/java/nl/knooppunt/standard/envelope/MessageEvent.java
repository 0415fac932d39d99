package nl.knooppunt.standard.envelope;

import java.time.Instant;

/**
 * A status change of one message; metadata only.
 *
 * @param messageId the message
 * @param sender    participant id of the sender (who is told)
 * @param recipient participant id of the recipient
 * @param status    the new status
 * @param at        when it happened
 */
public record MessageEvent(String messageId, String sender, String recipient, MessageStatus status, Instant at) {
}
