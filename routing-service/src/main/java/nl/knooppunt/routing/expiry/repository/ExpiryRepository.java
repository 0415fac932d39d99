package nl.knooppunt.routing.expiry.repository;

import static nl.knooppunt.routing.message.repository.MessageRows.CLOSE;
import static nl.knooppunt.routing.message.repository.MessageRows.METADATA;
import static nl.knooppunt.routing.message.repository.MessageRows.transition;
import static nl.knooppunt.routing.message.repository.MessageRows.utc;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.message.repository.StoredMessage;

/** Ends the retention of waiting messages in the message table: payload deleted, expired event drawn. */
@ApplicationScoped
public class ExpiryRepository {

    private final Pool pool;

    public ExpiryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Expires up to {@code limit} waiting messages whose retention ended by {@code now}: payload deleted. */
    public Uni<List<StoredMessage>> expire(Instant now, int limit) {
        return transition(pool, "UPDATE message SET status = 'expired', expired_at = $1, payload = NULL,"
                + " next_attempt_at = NULL, " + CLOSE + " WHERE id IN (SELECT id FROM message"
                + " WHERE status IN ('accepted', 'delivered', 'fetched') AND expires_at <= $1"
                + " AND (status = 'accepted' OR delivery_mode = 'mailbox')"
                + " ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING " + METADATA,
                Tuple.of(utc(now), limit), false);
    }
}
