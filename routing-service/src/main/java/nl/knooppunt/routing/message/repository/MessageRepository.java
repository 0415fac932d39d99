package nl.knooppunt.routing.message.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The mailbox table, through the reactive PostgreSQL client; every write is idempotent on the message id. */
@ApplicationScoped
public class MessageRepository {

    private static final String METADATA = "id, conversation_id, in_reply_to, module, type, sender, recipient, "
            + "status, submitted_at, delivered_at, fetched_at, acknowledged_at, expires_at";
    private static final String WAITING = "status IN ('delivered', 'fetched') AND expires_at > now()";

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a delivered message; answers its delivery time, or empty when the id was stored before. */
    public Uni<Optional<Instant>> insert(NewMessage message, Instant expiresAt) {
        return pool.preparedQuery("""
                INSERT INTO message (id, conversation_id, in_reply_to, module, type, sender, recipient, payload,
                                     status, submitted_at, delivered_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'delivered', $9, now(), $10)
                ON CONFLICT (id) DO NOTHING
                RETURNING delivered_at""")
                .execute(Tuple.from(new Object[] { message.id(), message.conversationId(), message.inReplyTo(),
                        message.module(), message.type(), message.sender(), message.recipient(), message.payload(),
                        utc(message.submittedAt()), utc(expiresAt) }))
                .map(rows -> first(rows).map(row -> row.getOffsetDateTime("delivered_at").toInstant()));
    }

    /** Metadata of one message (without payload), whoever it belongs to. */
    public Uni<Optional<StoredMessage>> findMetadata(UUID id) {
        return pool.preparedQuery("SELECT " + METADATA + " FROM message WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, false)));
    }

    /** One message of one recipient's mailbox, with its payload if still held. */
    public Uni<Optional<StoredMessage>> findInMailbox(UUID recipient, UUID id) {
        return pool.preparedQuery("SELECT " + METADATA + ", payload FROM message WHERE id = $1 AND recipient = $2")
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, true)));
    }

    /** The delivery position (cursor) of a message in this recipient's mailbox, if it is theirs. */
    public Uni<Optional<Instant>> deliveredAt(UUID recipient, UUID id) {
        return pool.preparedQuery("SELECT delivered_at FROM message WHERE id = $1 AND recipient = $2")
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> row.getOffsetDateTime("delivered_at").toInstant()));
    }

    /**
     * Waiting messages of a recipient in delivery order, strictly after the cursor (delivered at, id) when given.
     * Answers at most {@code limit} messages, without payloads.
     */
    public Uni<List<StoredMessage>> listWaiting(UUID recipient, Instant afterDeliveredAt, UUID afterId, int limit) {
        String sql = "SELECT " + METADATA + " FROM message WHERE recipient = $1 AND " + WAITING
                + (afterId == null ? "" : " AND (delivered_at, id) > ($3::timestamptz, $4::uuid)")
                + " ORDER BY delivered_at, id LIMIT $2";
        Tuple params = afterId == null
                ? Tuple.of(recipient, limit)
                : Tuple.of(recipient, limit, utc(afterDeliveredAt), afterId);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<StoredMessage> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(StoredMessage.from(row, false)));
            return result;
        });
    }

    /** Marks a waiting, not yet fetched message as fetched; answers it with payload, or empty if nothing changed. */
    public Uni<Optional<StoredMessage>> markFetched(UUID recipient, UUID id) {
        return pool.preparedQuery("UPDATE message SET status = 'fetched', fetched_at = now()"
                + " WHERE id = $1 AND recipient = $2 AND status = 'delivered' AND expires_at > now()"
                + " RETURNING " + METADATA + ", payload")
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, true)));
    }

    /** Acknowledges a waiting message and deletes its payload; answers it, or empty if nothing changed. */
    public Uni<Optional<StoredMessage>> acknowledge(UUID recipient, UUID id) {
        return pool.preparedQuery("UPDATE message SET status = 'acknowledged', acknowledged_at = now(), payload = NULL"
                + " WHERE id = $1 AND recipient = $2 AND " + WAITING
                + " RETURNING " + METADATA)
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, false)));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
