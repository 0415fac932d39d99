package nl.knooppunt.routing.message.repository;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;
import nl.knooppunt.standard.envelope.MessageStatus;

/**
 * One row of the mailbox table: the metadata of a message and, while it waits, its ciphertext.
 *
 * @param payload the compact JWE to the recipient; null when not selected, acknowledged or expired
 */
public record StoredMessage(UUID id, UUID conversationId, UUID inReplyTo, String module, String type, UUID sender,
        UUID recipient, MessageStatus status, Instant submittedAt, Instant deliveredAt, Instant fetchedAt,
        Instant acknowledgedAt, Instant expiresAt, String payload) {

    /** Whether the payload can no longer be fetched: acknowledged, expired, or past its retention. */
    public boolean isGone(Instant now) {
        return status == MessageStatus.ACKNOWLEDGED || status == MessageStatus.EXPIRED || !expiresAt.isAfter(now);
    }

    /** Whether the message has expired (by status or because its retention has ended). */
    public boolean isExpired(Instant now) {
        return status == MessageStatus.EXPIRED
                || (status != MessageStatus.ACKNOWLEDGED && !expiresAt.isAfter(now));
    }

    /** The status callers see: a waiting message past its retention is expired, even before the expiry job ran. */
    public MessageStatus effectiveStatus(Instant now) {
        return isExpired(now) ? MessageStatus.EXPIRED : status;
    }

    static StoredMessage from(Row row, boolean withPayload) {
        return new StoredMessage(
                row.getUUID("id"), row.getUUID("conversation_id"), row.getUUID("in_reply_to"),
                row.getString("module"), row.getString("type"), row.getUUID("sender"), row.getUUID("recipient"),
                MessageStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                instant(row, "submitted_at"), instant(row, "delivered_at"), instant(row, "fetched_at"),
                instant(row, "acknowledged_at"), instant(row, "expires_at"),
                withPayload ? row.getString("payload") : null);
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
