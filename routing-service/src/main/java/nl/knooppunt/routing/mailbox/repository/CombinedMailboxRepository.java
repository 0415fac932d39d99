package nl.knooppunt.routing.mailbox.repository;

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
import nl.knooppunt.routing.message.repository.MailboxFilter;
import nl.knooppunt.routing.message.repository.StoredMessage;

/**
 * The mailboxes of several recipients as one (ADR 0038): listing, listing with content and acknowledgement, each one
 * statement over {@code message} that draws its feed events into the rows it changes (ADR 0041), as the
 * single mailbox does. The page is the first waiting messages by (delivered at, id) of all the recipients
 * ({@code recipient = ANY($1)} on the mailbox index): a listing reads the waiting messages of those mailboxes that
 * match the filter and keeps the first page (ADR 0038 measures it).
 */
@ApplicationScoped
public class CombinedMailboxRepository {

    private static final String METADATA = StoredMessage.COLUMNS;
    private static final String WAITING = "status IN ('delivered', 'fetched') AND delivery_mode = 'mailbox'"
            + " AND expires_at > now()";
    /** The next feed position (ADR 0041). */
    private static final String NEXT_SEQ = "nextval('message_feed_seq')";
    /** The cursor: a message of one of the mailboxes ({@code $6}), found in the same statement. */
    private static final String POSITION = "pos AS (SELECT delivered_at AS pos_at, id AS pos_id FROM message"
            + " WHERE id = $6 AND recipient = ANY($1) AND delivery_mode = 'mailbox')";

    private final Pool pool;

    public CombinedMailboxRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A message a statement touched or looked at.
     *
     * @param message the row: as changed when {@code changed}, else as it was when the statement started
     * @param changed whether this statement changed its status (and recorded the event)
     */
    public record Touched(StoredMessage message, boolean changed) {
    }

    /**
     * Waiting messages of the recipients in delivery order (delivered at, id), strictly after the cursor message
     * when given, optionally only of one module, type or sender; at most {@code limit}, without payloads. With a
     * cursor that is no message of these mailboxes the answer is empty (see {@link #isMessageOf}).
     */
    public Uni<List<StoredMessage>> listWaiting(List<UUID> recipients, MailboxFilter filter, UUID after, int limit) {
        String sql = (after == null ? "" : "WITH " + POSITION + " ")
                + "SELECT " + METADATA + " FROM " + waiting(after != null) + " ORDER BY delivered_at, id LIMIT $2";
        return pool.preparedQuery(sql).execute(parameters(recipients, limit, filter, after, List.of()))
                .map(rows -> {
                    List<StoredMessage> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(StoredMessage.from(row, false)));
                    return result;
                });
    }

    /**
     * One page as {@link #listWaiting} selects it (at most {@code limit + 1} rows, so the caller sees whether more
     * follow), the first {@code limit} with their payloads and marked fetched if they were only delivered, with their
     * fetched events, in one statement. The extra row comes without payload.
     */
    public Uni<List<Touched>> listWaitingAndMarkFetched(List<UUID> recipients, MailboxFilter filter, UUID after,
            int limit) {
        String sql = "WITH " + (after == null ? "" : POSITION + ", ")
                + "page AS (SELECT id AS page_id, row_number() OVER (ORDER BY delivered_at, id) AS n FROM"
                + " (SELECT id, delivered_at FROM " + waiting(after != null) + " ORDER BY delivered_at, id LIMIT $2)"
                + " cut),"
                + " m AS (UPDATE message SET status = 'fetched', fetched_at = now(), fetched_seq = " + NEXT_SEQ
                + " WHERE id IN (SELECT page_id FROM page WHERE n <= $" + limitIndex(after) + "::int)"
                + " AND recipient = ANY($1) AND status = 'delivered' AND delivery_mode = 'mailbox'"
                + " AND expires_at > now() RETURNING " + METADATA + ", payload)"
                + " SELECT " + METADATA + ", payload, true AS changed FROM m"
                + " UNION ALL SELECT " + METADATA + ", CASE WHEN page.n <= $" + limitIndex(after)
                + "::int THEN payload END AS payload, false AS changed FROM message JOIN page ON id = page.page_id"
                + " WHERE id NOT IN (SELECT id FROM m)"
                + " ORDER BY delivered_at, id";
        return pool.preparedQuery(sql).execute(parameters(recipients, limit + 1, filter, after, List.of(limit)))
                .map(rows -> touched(rows, true));
    }

    /**
     * Acknowledges those of the messages that wait in one of the recipients' mailboxes and deletes their payloads,
     * with their acknowledged events, in one statement. Answers every message of the ids that is addressed to one of
     * the recipients (changed or not, without payload); any other id is absent.
     */
    public Uni<List<Touched>> acknowledgeAll(List<UUID> recipients, List<UUID> ids) {
        String sql = "WITH m AS (UPDATE message SET status = 'acknowledged', acknowledged_at = now(), payload = NULL,"
                + " closed_seq = " + NEXT_SEQ + ", closed_at = clock_timestamp()"
                + " WHERE id = ANY($1) AND recipient = ANY($2) AND " + WAITING + " RETURNING " + METADATA + ")"
                + " SELECT " + METADATA + ", true AS changed FROM m"
                + " UNION ALL SELECT " + METADATA + ", false AS changed FROM message"
                + " WHERE id = ANY($1) AND recipient = ANY($2) AND id NOT IN (SELECT id FROM m)";
        return pool.preparedQuery(sql).execute(Tuple.of(ids.toArray(UUID[]::new), recipients.toArray(UUID[]::new)))
                .map(rows -> touched(rows, false));
    }

    /** Whether the message is in one of the recipients' mailboxes (the check of a cursor). */
    public Uni<Boolean> isMessageOf(List<UUID> recipients, UUID id) {
        return pool.preparedQuery("SELECT 1 FROM message WHERE id = $1 AND recipient = ANY($2)"
                + " AND delivery_mode = 'mailbox'")
                .execute(Tuple.of(id, recipients.toArray(UUID[]::new)))
                .map(rows -> rows.size() > 0);
    }

    /**
     * The FROM and WHERE of a page: the waiting messages of the recipients ({@code $1}) matching the filter
     * ({@code $3} to {@code $5}), after the cursor {@code pos} when there is one.
     */
    private static String waiting(boolean afterCursor) {
        return "message" + (afterCursor ? " CROSS JOIN pos" : "") + " WHERE recipient = ANY($1) AND " + WAITING
                + " AND ($3::text IS NULL OR module = $3) AND ($4::text IS NULL OR type = $4)"
                + " AND ($5::uuid IS NULL OR sender = $5)"
                + (afterCursor ? " AND (delivered_at, id) > (pos_at, pos_id)" : "");
    }

    /** The index of the parameter after the filter and the cursor. */
    private static int limitIndex(UUID after) {
        return after == null ? 6 : 7;
    }

    /** Recipients, row limit, the filter's module, type and sender, the cursor when there is one, then the rest. */
    private static Tuple parameters(List<UUID> recipients, int rows, MailboxFilter filter, UUID after,
            List<Object> rest) {
        List<Object> params = new ArrayList<>();
        params.add(recipients.toArray(UUID[]::new));
        params.add(rows);
        params.add(filter.module());
        params.add(filter.type());
        params.add(filter.sender());
        Optional.ofNullable(after).ifPresent(params::add);
        params.addAll(rest);
        return Tuple.from(params);
    }

    private static List<Touched> touched(RowSet<Row> rows, boolean withPayload) {
        List<Touched> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(new Touched(StoredMessage.from(row, withPayload), row.getBoolean("changed"))));
        return result;
    }
}
