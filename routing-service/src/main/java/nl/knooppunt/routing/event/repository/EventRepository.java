package nl.knooppunt.routing.event.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The events feed: status changes and deadline events per participant, in recording order. Each event is a feed
 * position drawn into the message row by the write that made it (ADR 0041): the sender sees accepted, delivered,
 * fetched and the closing event (acknowledged, expired, failed, or delivered by push) and a request's reply-overdue;
 * the recipient sees a request's reply-reminder and reply-overdue.
 */
@ApplicationScoped
public class EventRepository {

    private static final String COLUMNS = "id AS message_id, sender, recipient, module, type";
    private static final String EVENTS = "SELECT accepted_seq AS seq, 'accepted' AS kind, submitted_at AS at,"
            + " stored_at AS recorded, " + COLUMNS + " FROM message WHERE sender = $1 AND accepted_seq > $2"
            + " UNION ALL SELECT delivered_seq, 'delivered', delivered_at, stored_at, " + COLUMNS
            + " FROM message WHERE sender = $1 AND delivered_seq > $2"
            + " UNION ALL SELECT fetched_seq, 'fetched', fetched_at, fetched_at, " + COLUMNS
            + " FROM message WHERE sender = $1 AND fetched_seq > $2"
            + " UNION ALL SELECT closed_seq, status, CASE status WHEN 'acknowledged' THEN acknowledged_at"
            + " WHEN 'expired' THEN expired_at WHEN 'failed' THEN failed_at ELSE delivered_at END, closed_at, "
            + COLUMNS + " FROM message WHERE sender = $1 AND closed_seq > $2"
            + " UNION ALL SELECT overdue_seq, 'reply-overdue', due_at, overdue_at, " + COLUMNS
            + " FROM message WHERE sender = $1 AND overdue_seq > $2"
            + " UNION ALL SELECT reminded_seq, 'reply-reminder', reminded_at, reminded_at, " + COLUMNS
            + " FROM message WHERE recipient = $1 AND reminded_seq > $2"
            + " UNION ALL SELECT overdue_seq, 'reply-overdue', due_at, overdue_at, " + COLUMNS
            + " FROM message WHERE recipient = $1 AND overdue_seq > $2";

    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Events for the participant after the cursor, oldest first, a page of at most {@code limit} cut before its first
     * event younger than {@code settle}: a concurrent write that drew a lower position but commits later is not
     * passed by the cursor.
     */
    public Uni<List<FeedEvent>> after(UUID participant, long after, int limit, Duration settle) {
        return pool.preparedQuery("WITH page AS (SELECT * FROM (" + EVENTS + ") e ORDER BY seq LIMIT $3)"
                + " SELECT seq, message_id, kind, sender, recipient, module, type, at FROM page"
                + " WHERE seq < coalesce((SELECT min(seq) FROM page"
                + " WHERE recorded > clock_timestamp() - make_interval(secs => $4)), 9223372036854775807)"
                + " ORDER BY seq")
                .execute(Tuple.of(participant, after, limit, settle.toMillis() / 1000.0))
                .map(rows -> {
                    List<FeedEvent> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(new FeedEvent(row.getLong("seq"), row.getUUID("message_id"),
                            row.getString("kind"), row.getUUID("sender"), row.getUUID("recipient"),
                            row.getString("module"), row.getString("type"),
                            row.getOffsetDateTime("at").toInstant())));
                    return result;
                });
    }
}
