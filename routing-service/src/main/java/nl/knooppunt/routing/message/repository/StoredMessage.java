package nl.knooppunt.routing.message.repository;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;
import nl.knooppunt.standard.envelope.MessageStatus;

/**
 * One row of the mailbox table: the metadata of a message and, while it waits, its ciphertext.
 *
 * @param deliveryMode {@code mailbox} (pulled) or {@code webhook} (pushed)
 * @param payload      the compact JWE to the recipient; null when not selected, delivered by push, acknowledged,
 *                     expired or failed
 */
public record StoredMessage(UUID id, UUID conversationId, UUID inReplyTo, String module, String type, UUID sender,
        UUID recipient, MessageStatus status, String deliveryMode, Instant submittedAt, Instant deliveredAt,
        Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt, Instant expiresAt,
        String payload) {

    /** Columns {@link #from} reads (without the payload). */
    public static final String COLUMNS = "id, conversation_id, in_reply_to, module, type, sender, recipient, status, "
            + "delivery_mode, submitted_at, delivered_at, fetched_at, acknowledged_at, expired_at, failed_at, "
            + "expires_at";

    /** Whether the payload can no longer be fetched: acknowledged, expired, or past its retention. */
    public boolean isGone(Instant now) {
        return status == MessageStatus.ACKNOWLEDGED || status == MessageStatus.EXPIRED
                || status == MessageStatus.FAILED || !expiresAt.isAfter(now);
    }

    /** Whether the message has expired (by status or because its retention has ended while it waited). */
    public boolean isExpired(Instant now) {
        return status == MessageStatus.EXPIRED
                || (isWaiting() && !expiresAt.isAfter(now));
    }

    /** The status callers see: a waiting message past its retention is expired, even before the expiry job ran. */
    public MessageStatus effectiveStatus(Instant now) {
        return isExpired(now) ? MessageStatus.EXPIRED : status;
    }

    private boolean isWaiting() {
        return status == MessageStatus.ACCEPTED
                || ("mailbox".equals(deliveryMode)
                        && (status == MessageStatus.DELIVERED || status == MessageStatus.FETCHED));
    }

    /** The message of a row holding {@link #COLUMNS} (and {@code payload} when {@code withPayload}). */
    public static StoredMessage from(Row row, boolean withPayload) {
        return new StoredMessage(
                row.getUUID("id"), row.getUUID("conversation_id"), row.getUUID("in_reply_to"),
                row.getString("module"), row.getString("type"), row.getUUID("sender"), row.getUUID("recipient"),
                MessageStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                row.getString("delivery_mode"),
                instant(row, "submitted_at"), instant(row, "delivered_at"), instant(row, "fetched_at"),
                instant(row, "acknowledged_at"), instant(row, "expired_at"), instant(row, "failed_at"),
                instant(row, "expires_at"),
                withPayload ? row.getString("payload") : null);
    }

    static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
