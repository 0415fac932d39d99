package nl.knooppunt.routing.deadline.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
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

    /** A deadline to open: the request, who asked whom, and when to remind and when it is due. */
    public record Opening(UUID requestId, UUID requester, UUID responder, String module, String type,
            Instant remindAt, Instant dueAt) {
    }

    /** An answer that stops a request's clock: the request, who answered, and when. */
    public record Answer(UUID requestId, UUID answeredBy, Instant at) {
    }

    /** Opens many deadlines (each once) and stops the clocks of many answers, on the given client. */
    public Uni<Void> trackAll(SqlClient client, List<Opening> openings, List<Answer> answers) {
        Uni<Void> opened = openings.isEmpty() ? Uni.createFrom().voidItem()
                : client.preparedQuery("INSERT INTO reply_deadline (request_id, requester, responder, module, type,"
                        + " remind_at, due_at) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[],"
                        + " $5::text[], $6::timestamptz[], $7::timestamptz[]) ON CONFLICT (request_id) DO NOTHING")
                        .execute(Tuple.from(new Object[] {
                                openings.stream().map(Opening::requestId).toArray(UUID[]::new),
                                openings.stream().map(Opening::requester).toArray(UUID[]::new),
                                openings.stream().map(Opening::responder).toArray(UUID[]::new),
                                openings.stream().map(Opening::module).toArray(String[]::new),
                                openings.stream().map(Opening::type).toArray(String[]::new),
                                openings.stream().map(o -> utc(o.remindAt())).toArray(OffsetDateTime[]::new),
                                openings.stream().map(o -> utc(o.dueAt())).toArray(OffsetDateTime[]::new) }))
                        .replaceWithVoid();
        if (answers.isEmpty()) {
            return opened;
        }
        return opened.chain(() -> client.preparedQuery("UPDATE reply_deadline d SET answered_at = a.at"
                + " FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS a(request_id, responder, at)"
                + " WHERE d.request_id = a.request_id AND d.responder = a.responder AND d.answered_at IS NULL")
                .execute(Tuple.from(new Object[] {
                        answers.stream().map(Answer::requestId).toArray(UUID[]::new),
                        answers.stream().map(Answer::answeredBy).toArray(UUID[]::new),
                        answers.stream().map(a -> utc(a.at())).toArray(OffsetDateTime[]::new) }))
                .replaceWithVoid());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
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
