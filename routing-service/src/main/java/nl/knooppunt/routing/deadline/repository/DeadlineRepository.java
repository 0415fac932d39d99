package nl.knooppunt.routing.deadline.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Open requests with their reply deadlines; reminder and overdue events go into the feed in the same statement. */
@ApplicationScoped
public class DeadlineRepository {

    private static final String EVENT_INSERT = "INSERT INTO message_event "
            + "(participant, message_id, kind, sender, recipient, module, type, at) ";

    private final Pool pool;

    public DeadlineRepository(Pool pool) {
        this.pool = pool;
    }

    /** Opens the deadline of a request (once). */
    public Uni<Void> open(UUID requestId, UUID requester, UUID responder, String module, String type,
            Instant remindAt, Instant dueAt) {
        return pool.preparedQuery("INSERT INTO reply_deadline (request_id, requester, responder, module, type,"
                + " remind_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING")
                .execute(Tuple.from(new Object[] { requestId, requester, responder, module, type,
                        remindAt.atOffset(ZoneOffset.UTC), dueAt.atOffset(ZoneOffset.UTC) }))
                .replaceWithVoid();
    }

    /** An answer from the request's recipient stops its clock; answers whether an open deadline was closed. */
    public Uni<Boolean> answer(UUID requestId, UUID answeredBy, Instant at) {
        return pool.preparedQuery("UPDATE reply_deadline SET answered_at = $3"
                + " WHERE request_id = $1 AND responder = $2 AND answered_at IS NULL")
                .execute(Tuple.of(requestId, answeredBy, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Reminds the recipients of unanswered requests whose reminder time has come; answers how many. */
    public Uni<Integer> remind(Instant now) {
        return pool.preparedQuery("WITH d AS (UPDATE reply_deadline SET reminded_at = $1"
                + " WHERE answered_at IS NULL AND reminded_at IS NULL AND overdue_at IS NULL AND remind_at <= $1"
                + " AND due_at > $1 RETURNING *), e AS (" + EVENT_INSERT
                + " SELECT responder, request_id, 'reply-reminder', requester, responder, module, type, $1 FROM d"
                + " ON CONFLICT DO NOTHING) SELECT count(*) AS n FROM d")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    /** Marks unanswered requests past their deadline overdue, with an event to both parties; answers how many. */
    public Uni<Integer> markOverdue(Instant now) {
        return pool.preparedQuery("WITH d AS (UPDATE reply_deadline SET overdue_at = $1"
                + " WHERE answered_at IS NULL AND overdue_at IS NULL AND due_at <= $1 RETURNING *), e AS ("
                + EVENT_INSERT
                + " SELECT requester, request_id, 'reply-overdue', requester, responder, module, type, due_at FROM d"
                + " UNION ALL SELECT responder, request_id, 'reply-overdue', requester, responder, module, type,"
                + " due_at FROM d ON CONFLICT DO NOTHING) SELECT count(*) AS n FROM d")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }
}
