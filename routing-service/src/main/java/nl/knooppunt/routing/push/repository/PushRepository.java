package nl.knooppunt.routing.push.repository;

import static nl.knooppunt.routing.message.repository.MessageRows.CLOSE;
import static nl.knooppunt.routing.message.repository.MessageRows.METADATA;
import static nl.knooppunt.routing.message.repository.MessageRows.transition;
import static nl.knooppunt.routing.message.repository.MessageRows.utc;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.message.repository.MessageRows;
import nl.knooppunt.routing.message.repository.StoredMessage;

/** Pushes due to webhooks in the message table: claim with a lease, release, and record each attempt's outcome. */
@ApplicationScoped
public class PushRepository {

    private final Pool pool;

    public PushRepository(Pool pool) {
        this.pool = pool;
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
        return transition(pool, "UPDATE message SET status = 'delivered', delivered_at = $2, payload = NULL,"
                + " next_attempt_at = NULL, push_attempts = push_attempts + 1, last_push_status = $3, " + CLOSE
                + " WHERE id = $1 AND status = 'accepted' RETURNING " + METADATA,
                Tuple.of(id, utc(now), httpStatus), false).map(MessageRows::single);
    }

    /** The receiver refused the push for good (4xx): failed, payload deleted. Empty if no longer waiting. */
    public Uni<Optional<StoredMessage>> pushFailed(UUID id, int httpStatus, Instant now) {
        return transition(pool, "UPDATE message SET status = 'failed', failed_at = $2, payload = NULL,"
                + " next_attempt_at = NULL, push_attempts = push_attempts + 1, last_push_status = $3, " + CLOSE
                + " WHERE id = $1 AND status = 'accepted' RETURNING " + METADATA,
                Tuple.of(id, utc(now), httpStatus), false).map(MessageRows::single);
    }

    /** The push did not succeed this time: counts the attempt and schedules the next one. */
    public Uni<Void> pushRetry(UUID id, Integer httpStatus, Instant nextAttemptAt) {
        return pool.preparedQuery("UPDATE message SET push_attempts = push_attempts + 1, next_attempt_at = $2,"
                + " last_push_status = $3 WHERE id = $1 AND status = 'accepted'")
                .execute(Tuple.of(id, utc(nextAttemptAt), httpStatus)).replaceWithVoid();
    }
}
