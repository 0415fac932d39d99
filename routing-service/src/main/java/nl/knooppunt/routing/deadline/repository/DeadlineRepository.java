package nl.knooppunt.routing.deadline.repository;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reply deadlines of requests, kept on the request's message row (ADR 0041): reminder and overdue events draw their
 * feed positions into that row in the same statement. A request counts as answered once an answer from its recipient
 * ({@code in_reply_to} the request) is stored, so an answer writes nothing here.
 */
@ApplicationScoped
public class DeadlineRepository {

    private static final String NEXT_SEQ = "nextval('message_feed_seq')";
    private static final String UNANSWERED = "NOT EXISTS (SELECT 1 FROM message a"
            + " WHERE a.in_reply_to = r.id AND a.sender = r.recipient)";

    private final Pool pool;

    public DeadlineRepository(Pool pool) {
        this.pool = pool;
    }

    /** Reminds the recipients of unanswered requests whose reminder time has come; answers how many. */
    public Uni<Integer> remind(Instant now) {
        return pool.preparedQuery("UPDATE message r SET reminded_at = clock_timestamp(), reminded_seq = " + NEXT_SEQ
                + " WHERE r.due_at IS NOT NULL AND r.overdue_at IS NULL AND r.reminded_at IS NULL"
                + " AND r.remind_at <= $1 AND r.due_at > $1 AND " + UNANSWERED)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** Marks unanswered requests past their deadline overdue, an event to both parties; answers how many. */
    public Uni<Integer> markOverdue(Instant now) {
        return pool.preparedQuery("UPDATE message r SET overdue_at = clock_timestamp(), overdue_seq = " + NEXT_SEQ
                + " WHERE r.due_at IS NOT NULL AND r.overdue_at IS NULL AND r.due_at <= $1 AND " + UNANSWERED)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
