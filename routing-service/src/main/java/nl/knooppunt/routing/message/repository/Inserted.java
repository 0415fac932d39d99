package nl.knooppunt.routing.message.repository;

import java.time.Instant;

import nl.knooppunt.standard.envelope.MessageStatus;

/**
 * The outcome of storing a new message.
 *
 * @param status      {@code delivered} (mailbox) or {@code accepted} (waiting for a push)
 * @param deliveredAt when it reached the mailbox; null for a push
 */
public record Inserted(MessageStatus status, Instant deliveredAt) {
}
