package nl.knooppunt.routing.mailbox.repository;

import static nl.knooppunt.routing.message.repository.MessageRows.CLOSE;
import static nl.knooppunt.routing.message.repository.MessageRows.METADATA;
import static nl.knooppunt.routing.message.repository.MessageRows.NEXT_SEQ;
import static nl.knooppunt.routing.message.repository.MessageRows.WAITING;
import static nl.knooppunt.routing.message.repository.MessageRows.first;
import static nl.knooppunt.routing.message.repository.MessageRows.transition;
import static nl.knooppunt.routing.message.repository.MessageRows.utc;

import java.time.Instant;
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
import nl.knooppunt.routing.message.repository.MessageRows;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.routing.message.repository.MailboxFilter;

/**
 * One recipient's mailbox in the message table: list, fetch and acknowledge. Every status change draws its feed
 * event's sequence number into the same row in the same statement (ADR 0041).
 */
@ApplicationScoped
public class MailboxRepository {

    private final Pool pool;

    public MailboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** One message of one recipient's mailbox, with its payload if still held. */
    public Uni<Optional<StoredMessage>> findInMailbox(UUID recipient, UUID id) {
        return pool.preparedQuery("SELECT " + METADATA + ", payload FROM message WHERE id = $1 AND recipient = $2"
                + " AND delivery_mode = 'mailbox'")
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, true)));
    }

    /** The delivery position (cursor) of a message in this recipient's mailbox, if it is theirs. */
    public Uni<Optional<Instant>> deliveredAt(UUID recipient, UUID id) {
        return pool.preparedQuery("SELECT delivered_at FROM message WHERE id = $1 AND recipient = $2"
                + " AND delivery_mode = 'mailbox'")
                .execute(Tuple.of(id, recipient))
                .map(rows -> first(rows).map(row -> row.getOffsetDateTime("delivered_at").toInstant()));
    }

    /**
     * Waiting messages of a recipient in delivery order, strictly after the cursor (delivered at, id) when given,
     * optionally only of one module, type or sender. Answers at most {@code limit} messages, without payloads.
     */
    public Uni<List<StoredMessage>> listWaiting(UUID recipient, MailboxFilter filter, Instant afterDeliveredAt,
            UUID afterId, int limit) {
        String sql = "SELECT " + METADATA + " FROM message WHERE recipient = $1 AND " + WAITING
                + " AND ($3::text IS NULL OR module = $3) AND ($4::text IS NULL OR type = $4)"
                + " AND ($5::uuid IS NULL OR sender = $5)"
                + (afterId == null ? "" : " AND (delivered_at, id) > ($6::timestamptz, $7::uuid)")
                + " ORDER BY delivered_at, id LIMIT $2";
        Tuple params = pageParameters(List.of(recipient, limit), filter, afterDeliveredAt, afterId);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<StoredMessage> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(StoredMessage.from(row, false)));
            return result;
        });
    }

    /** Marks a waiting, not yet fetched message as fetched; answers it with payload, or empty if nothing changed. */
    public Uni<Optional<StoredMessage>> markFetched(UUID recipient, UUID id) {
        return transition(pool, "UPDATE message SET status = 'fetched', fetched_at = now(), fetched_seq = " + NEXT_SEQ
                + " WHERE id = $1 AND recipient = $2 AND status = 'delivered' AND delivery_mode = 'mailbox'"
                + " AND expires_at > now() RETURNING " + METADATA + ", payload", Tuple.of(id, recipient), true)
                .map(MessageRows::single);
    }

    /**
     * A message a batch statement touched or looked at.
     *
     * @param message the row: as changed when {@code changed}, else as it was when the statement started
     * @param changed whether this statement changed its status (and drew its feed event)
     */
    public record Batched(StoredMessage message, boolean changed) {
    }

    /**
     * One page of waiting messages with payloads, as {@link #listWaiting} selects it (at most {@code limit + 1} rows,
     * so the caller sees whether more follow), marking the first {@code limit} fetched if they were only delivered,
     * with their fetched events, in one statement.
     */
    public Uni<List<Batched>> listWaitingAndMarkFetched(UUID recipient, MailboxFilter filter, Instant afterDeliveredAt,
            UUID afterId, int limit) {
        String sql = "WITH page AS (SELECT id, delivered_at FROM message WHERE recipient = $1 AND " + WAITING
                + " AND ($4::text IS NULL OR module = $4) AND ($5::text IS NULL OR type = $5)"
                + " AND ($6::uuid IS NULL OR sender = $6)"
                + (afterId == null ? "" : " AND (delivered_at, id) > ($7::timestamptz, $8::uuid)")
                + " ORDER BY delivered_at, id LIMIT $2),"
                + " m AS (UPDATE message SET status = 'fetched', fetched_at = now(), fetched_seq = " + NEXT_SEQ
                + " WHERE id IN (SELECT id FROM page ORDER BY delivered_at, id LIMIT $3) AND recipient = $1"
                + " AND status = 'delivered' AND delivery_mode = 'mailbox' AND expires_at > now()"
                + " RETURNING " + METADATA + ", payload)"
                + " SELECT " + METADATA + ", payload, true AS changed FROM m"
                + " UNION ALL SELECT " + METADATA + ", payload, false AS changed FROM message"
                + " WHERE id IN (SELECT id FROM page) AND id NOT IN (SELECT id FROM m)"
                + " ORDER BY delivered_at, id";
        Tuple params = pageParameters(List.of(recipient, limit + 1, limit), filter, afterDeliveredAt, afterId);
        return pool.preparedQuery(sql).execute(params).map(rows -> batched(rows, true));
    }

    /**
     * Acknowledges those of the messages that wait in this recipient's mailbox and deletes their payloads, with
     * their acknowledged events, in one statement. Answers every message of the ids that is this recipient's
     * (changed or not, without payload); ids of other recipients' messages and unknown ids are absent.
     */
    public Uni<List<Batched>> acknowledgeAll(UUID recipient, List<UUID> ids) {
        String sql = "WITH m AS (UPDATE message SET status = 'acknowledged', acknowledged_at = now(), payload = NULL, "
                + CLOSE + " WHERE id = ANY($1) AND recipient = $2 AND " + WAITING + " RETURNING " + METADATA + ")"
                + " SELECT " + METADATA + ", true AS changed FROM m"
                + " UNION ALL SELECT " + METADATA + ", false AS changed FROM message"
                + " WHERE id = ANY($1) AND recipient = $2 AND id NOT IN (SELECT id FROM m)";
        return pool.preparedQuery(sql).execute(Tuple.of(ids.toArray(UUID[]::new), recipient))
                .map(rows -> batched(rows, false));
    }

    /** The leading parameters, then the filter's module, type and sender, then the cursor when there is one. */
    private static Tuple pageParameters(List<Object> leading, MailboxFilter filter, Instant afterDeliveredAt,
            UUID afterId) {
        List<Object> params = new ArrayList<>(leading);
        params.add(filter.module());
        params.add(filter.type());
        params.add(filter.sender());
        if (afterId != null) {
            params.add(utc(afterDeliveredAt));
            params.add(afterId);
        }
        return Tuple.from(params);
    }

    private static List<Batched> batched(RowSet<Row> rows, boolean withPayload) {
        List<Batched> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(new Batched(StoredMessage.from(row, withPayload),
                row.getBoolean("changed"))));
        return result;
    }

    /** Acknowledges a waiting message and deletes its payload; answers it, or empty if nothing changed. */
    public Uni<Optional<StoredMessage>> acknowledge(UUID recipient, UUID id) {
        return transition(pool, "UPDATE message SET status = 'acknowledged', acknowledged_at = now(), payload = NULL, "
                + CLOSE + " WHERE id = $1 AND recipient = $2 AND " + WAITING + " RETURNING " + METADATA,
                Tuple.of(id, recipient), false).map(MessageRows::single);
    }
}
