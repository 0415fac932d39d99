package nl.knooppunt.routing.message.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What every feature's repository of the message table shares: the metadata columns, the feed sequence and the
 * status updates that draw their feed event into the same row (ADR 0041), so a message is written at most three
 * times over its life whichever feature changes it.
 */
public final class MessageRows {

    /** The metadata columns of a message, as {@link StoredMessage#from} reads them. */
    public static final String METADATA = StoredMessage.COLUMNS;
    /** A message waiting in its recipient's mailbox: delivered or fetched, not expired. */
    public static final String WAITING = "status IN ('delivered', 'fetched') AND delivery_mode = 'mailbox'"
            + " AND expires_at > now()";
    /** The next feed position; every event of the feed draws one (ADR 0041). */
    public static final String NEXT_SEQ = "nextval('message_feed_seq')";
    /** Closes a message's life: its final event (acknowledged, expired, failed, or delivered by push). */
    public static final String CLOSE = "closed_seq = " + NEXT_SEQ + ", closed_at = clock_timestamp()";

    private MessageRows() {
    }

    /** Runs a status update (which draws its feed event in the same row); answers the changed rows. */
    public static Uni<List<StoredMessage>> transition(Pool pool, String update, Tuple params, boolean withPayload) {
        return pool.preparedQuery(update).execute(params).map(rows -> {
            List<StoredMessage> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(StoredMessage.from(row, withPayload)));
            return result;
        });
    }

    /** The only row, or empty. */
    public static Optional<StoredMessage> single(List<StoredMessage> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The first row of a result, or empty. */
    public static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    /** The instant at UTC, as the timestamptz columns take it; null stays null. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
