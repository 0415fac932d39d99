package nl.knooppunt.routing.message.repository;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message table, through the reactive PostgreSQL client. Every write is idempotent on the message id, and every
 * status change draws its feed event's sequence number into the same row in the same statement (ADR 0041), so no
 * change goes unrecorded and a message is written at most three times over its life.
 */
@ApplicationScoped
public class MessageRepository {

    private static final String METADATA = StoredMessage.COLUMNS;
    private static final String WAITING = "status IN ('delivered', 'fetched') AND delivery_mode = 'mailbox'"
            + " AND expires_at > now()";
    /** The next feed position; every event of the feed draws one (ADR 0041). */
    private static final String NEXT_SEQ = "nextval('message_feed_seq')";
    /** Closes a message's life: its final event (acknowledged, expired, failed, or delivered by push). */
    private static final String CLOSE = "closed_seq = " + NEXT_SEQ + ", closed_at = clock_timestamp()";

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * One new message of a batch and where it goes: the mailbox ({@code webhook} null, reaching it at
     * {@code deliveredAt}) or a push to {@code webhook}, due at {@code deliveredAt}; a request with a reply period
     * carries its reply deadline ({@code remindAt}, {@code dueAt}; both null otherwise).
     */
    public record NewRow(NewMessage message, Instant expiresAt, URI webhook, Instant deliveredAt, Instant remindAt,
            Instant dueAt) {
    }

    /**
     * Stores a batch of new messages with one statement on the given client (a transaction's connection), in the
     * batch's order, each with its accepted (and, for the mailbox, delivered) feed event and its reply deadline in the
     * row; an id stored before, or twice in the batch, is skipped. Answers the ids that were new.
     */
    public Uni<Set<UUID>> insertAll(SqlClient client, List<NewRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = rows.size();
        UUID[] id = new UUID[n];
        UUID[] conversation = new UUID[n];
        UUID[] inReplyTo = new UUID[n];
        String[] module = new String[n];
        String[] type = new String[n];
        UUID[] sender = new UUID[n];
        UUID[] recipient = new UUID[n];
        String[] payload = new String[n];
        String[] status = new String[n];
        OffsetDateTime[] submitted = new OffsetDateTime[n];
        OffsetDateTime[] delivered = new OffsetDateTime[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        String[] mode = new String[n];
        String[] webhook = new String[n];
        OffsetDateTime[] nextAttempt = new OffsetDateTime[n];
        OffsetDateTime[] remindAt = new OffsetDateTime[n];
        OffsetDateTime[] dueAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewRow row = rows.get(i);
            NewMessage m = row.message();
            boolean push = row.webhook() != null;
            id[i] = m.id();
            conversation[i] = m.conversationId();
            inReplyTo[i] = m.inReplyTo();
            module[i] = m.module();
            type[i] = m.type();
            sender[i] = m.sender();
            recipient[i] = m.recipient();
            payload[i] = m.payload();
            status[i] = push ? "accepted" : "delivered";
            submitted[i] = utc(m.submittedAt());
            delivered[i] = push ? null : utc(row.deliveredAt());
            expires[i] = utc(row.expiresAt());
            mode[i] = push ? "webhook" : "mailbox";
            webhook[i] = push ? row.webhook().toString() : null;
            nextAttempt[i] = push ? utc(row.deliveredAt()) : null;
            remindAt[i] = utc(row.remindAt());
            dueAt[i] = utc(row.dueAt());
        }
        String columns = "id, conversation_id, in_reply_to, module, type, sender, recipient, payload, status,"
                + " submitted_at, delivered_at, expires_at, delivery_mode, webhook_url, next_attempt_at, remind_at,"
                + " due_at";
        return client.preparedQuery("WITH input AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[],"
                + " $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::timestamptz[],"
                + " $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[], $15::timestamptz[],"
                + " $16::timestamptz[], $17::timestamptz[]) WITH ORDINALITY AS i(" + columns + ", ord)),"
                + " ordered AS (SELECT " + columns + " FROM input ORDER BY ord)"
                + " INSERT INTO message (" + columns + ", accepted_seq, delivered_seq) SELECT " + columns + ", "
                + NEXT_SEQ + ", CASE WHEN status = 'delivered' THEN " + NEXT_SEQ + " END FROM ordered"
                + " ON CONFLICT (id) DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] { id, conversation, inReplyTo, module, type, sender, recipient,
                        payload, status, submitted, delivered, expires, mode, webhook, nextAttempt, remindAt,
                        dueAt }))
                .map(result -> {
                    Set<UUID> inserted = new HashSet<>();
                    result.forEach(row -> inserted.add(row.getUUID("id")));
                    return inserted;
                });
    }

    /** Metadata of one message (without payload), whoever it belongs to. */
    public Uni<Optional<StoredMessage>> findMetadata(UUID id) {
        return pool.preparedQuery("SELECT " + METADATA + " FROM message WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, false)));
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
        return transition("UPDATE message SET status = 'fetched', fetched_at = now(), fetched_seq = " + NEXT_SEQ
                + " WHERE id = $1 AND recipient = $2 AND status = 'delivered' AND delivery_mode = 'mailbox'"
                + " AND expires_at > now() RETURNING " + METADATA + ", payload", Tuple.of(id, recipient), true)
                .map(MessageRepository::single);
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
        return transition("UPDATE message SET status = 'acknowledged', acknowledged_at = now(), payload = NULL, "
                + CLOSE + " WHERE id = $1 AND recipient = $2 AND " + WAITING + " RETURNING " + METADATA,
                Tuple.of(id, recipient), false).map(MessageRepository::single);
    }

    /**
     * Claims up to {@code limit} due pushes for one attempt (leased until {@code leaseUntil}, so no other round or
     * replica pushes them meanwhile), skipping receivers that are busy.
     */
    public Uni<List<PushTarget>> claimDuePushes(Instant now, Instant leaseUntil, List<UUID> busyReceivers,
            int limit) {
        return pool.preparedQuery("UPDATE message SET next_attempt_at = $2 WHERE id IN ("
                + " SELECT id FROM message WHERE status = 'accepted' AND next_attempt_at <= $1 AND expires_at > $1"
                + " AND NOT (recipient = ANY($3)) ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + METADATA + ", payload, webhook_url, push_attempts")
                .execute(Tuple.of(utc(now), utc(leaseUntil), busyReceivers.toArray(UUID[]::new), limit))
                .map(rows -> {
                    List<PushTarget> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(new PushTarget(StoredMessage.from(row, true),
                            URI.create(row.getString("webhook_url")), row.getInteger("push_attempts"))));
                    return result;
                });
    }

    /** Gives a claimed push back without an attempt, due at {@code dueAt}. */
    public Uni<Void> releasePush(UUID id, Instant dueAt) {
        return pool.preparedQuery("UPDATE message SET next_attempt_at = $2 WHERE id = $1 AND status = 'accepted'")
                .execute(Tuple.of(id, utc(dueAt))).replaceWithVoid();
    }

    /** The receiver took the push (2xx): delivered, payload deleted. Empty if it was no longer waiting. */
    public Uni<Optional<StoredMessage>> pushDelivered(UUID id, int httpStatus, Instant now) {
        return transition("UPDATE message SET status = 'delivered', delivered_at = $2, payload = NULL,"
                + " next_attempt_at = NULL, push_attempts = push_attempts + 1, last_push_status = $3, " + CLOSE
                + " WHERE id = $1 AND status = 'accepted' RETURNING " + METADATA,
                Tuple.of(id, utc(now), httpStatus), false).map(MessageRepository::single);
    }

    /** The receiver refused the push for good (4xx): failed, payload deleted. Empty if no longer waiting. */
    public Uni<Optional<StoredMessage>> pushFailed(UUID id, int httpStatus, Instant now) {
        return transition("UPDATE message SET status = 'failed', failed_at = $2, payload = NULL,"
                + " next_attempt_at = NULL, push_attempts = push_attempts + 1, last_push_status = $3, " + CLOSE
                + " WHERE id = $1 AND status = 'accepted' RETURNING " + METADATA,
                Tuple.of(id, utc(now), httpStatus), false).map(MessageRepository::single);
    }

    /** The push did not succeed this time: counts the attempt and schedules the next one. */
    public Uni<Void> pushRetry(UUID id, Integer httpStatus, Instant nextAttemptAt) {
        return pool.preparedQuery("UPDATE message SET push_attempts = push_attempts + 1, next_attempt_at = $2,"
                + " last_push_status = $3 WHERE id = $1 AND status = 'accepted'")
                .execute(Tuple.of(id, utc(nextAttemptAt), httpStatus)).replaceWithVoid();
    }

    /** Expires up to {@code limit} waiting messages whose retention ended by {@code now}: payload deleted. */
    public Uni<List<StoredMessage>> expire(Instant now, int limit) {
        return transition("UPDATE message SET status = 'expired', expired_at = $1, payload = NULL,"
                + " next_attempt_at = NULL, " + CLOSE + " WHERE id IN (SELECT id FROM message"
                + " WHERE status IN ('accepted', 'delivered', 'fetched') AND expires_at <= $1"
                + " AND (status = 'accepted' OR delivery_mode = 'mailbox')"
                + " ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING " + METADATA,
                Tuple.of(utc(now), limit), false);
    }

    /** Runs a status update (which draws its feed event in the same row); answers the changed rows. */
    private Uni<List<StoredMessage>> transition(String update, Tuple params, boolean withPayload) {
        return pool.preparedQuery(update).execute(params).map(rows -> {
            List<StoredMessage> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(StoredMessage.from(row, withPayload)));
            return result;
        });
    }

    private static Optional<StoredMessage> single(List<StoredMessage> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
