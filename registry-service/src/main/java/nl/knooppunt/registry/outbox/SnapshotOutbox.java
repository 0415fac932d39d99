package nl.knooppunt.registry.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The outbox of participants whose snapshot must be (re)published (ADR 0010). */
@ApplicationScoped
public class SnapshotOutbox {

    /** Marks the participant for publication; runs in the transaction of the change. */
    public Uni<Void> enqueue(SqlClient tx, UUID participantId) {
        return tx.preparedQuery("insert into participant_outbox (participant_id) values ($1) "
                        + "on conflict (participant_id) do update set enqueued_at = clock_timestamp()")
                .execute(Tuple.of(participantId))
                .replaceWithVoid();
    }

    /** Marks every participant for publication (startup re-publish); answers how many. */
    public Uni<Integer> enqueueAll(SqlClient client) {
        return client.query("insert into participant_outbox (participant_id) select id from participant "
                        + "on conflict (participant_id) do update set enqueued_at = clock_timestamp()")
                .execute()
                .map(rows -> rows.rowCount());
    }

    /**
     * Publishes the end of validity of keys whose overlap ran out: their participants get a new version and an
     * outbox entry, so the key leaves the published snapshot.
     */
    public Uni<Integer> enqueueExpiredKeys(SqlClient tx) {
        return tx.query("with expired as (update participant_key set expiry_published = true "
                        + "where not expiry_published and not_after <= now() returning participant_id), "
                        + "bumped as (update participant set version = version + 1, updated_at = now() "
                        + "where id in (select participant_id from expired) returning id) "
                        + "insert into participant_outbox (participant_id) select id from bumped "
                        + "on conflict (participant_id) do update set enqueued_at = clock_timestamp()")
                .execute()
                .map(rows -> rows.rowCount());
    }
}
