package nl.knooppunt.routing.event.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The events feed: status changes and deadline events per participant, in recording order. */
@ApplicationScoped
public class EventRepository {

    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Events for the participant after the cursor, oldest first, leaving out those younger than {@code settle}. */
    public Uni<List<FeedEvent>> after(UUID participant, long after, int limit, Duration settle) {
        return pool.preparedQuery("SELECT seq, message_id, kind, sender, recipient, module, type, at"
                + " FROM message_event WHERE participant = $1 AND seq > $2"
                + " AND recorded_at <= clock_timestamp() - make_interval(secs => $4)"
                + " ORDER BY seq LIMIT $3")
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
