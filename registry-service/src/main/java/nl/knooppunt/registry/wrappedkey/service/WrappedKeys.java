package nl.knooppunt.registry.wrappedkey.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.registry.audit.service.ChangeLog;
import nl.knooppunt.registry.audit.service.ChangeLog.Change;
import nl.knooppunt.registry.audit.service.ChangeLog.Effect;
import nl.knooppunt.registry.participant.service.ParticipantChanges;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;

/**
 * Stores and answers portal participants' wrapped private keys (ADR 0042): blobs the registry cannot open. Storing
 * under a kid already stored for the participant replaces it (a new passphrase re-wraps the same key).
 */
@ApplicationScoped
public class WrappedKeys {

    private static final Logger LOG = Logger.getLogger(WrappedKeys.class);

    private final Pool pool;
    private final ParticipantChanges changes;
    private final ChangeLog log;

    public WrappedKeys(Pool pool, ParticipantChanges changes, ChangeLog log) {
        this.pool = pool;
        this.changes = changes;
        this.log = log;
    }

    /**
     * A wrapped key.
     *
     * @param kid       the kid of the key it wraps (its public half is registered under the same kid)
     * @param jwe       the compact JWE
     * @param createdAt when it was first stored
     * @param updatedAt when it was last re-wrapped
     */
    public record WrappedKey(String kid, String jwe, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /**
     * Stores the wrapped key; audited (the kid only).
     *
     * @throws ProblemException 404 for an unknown participant, 409 when the kid is another participant's
     */
    public Uni<Void> store(UUID participantId, String kid, String jwe, Actor actor) {
        return changes.write(tx -> changes.existing(tx, participantId)
                .flatMap(participant -> tx.preparedQuery("insert into wrapped_key (participant_id, kid, jwe) "
                                + "values ($1, $2, $3) on conflict (participant_id, kid) do update "
                                + "set jwe = excluded.jwe, updated_at = clock_timestamp()")
                        .execute(Tuple.of(participantId, kid, jwe))
                        .onFailure(f -> f.getMessage() != null && f.getMessage().contains("wrapped_key_kid_key"))
                        .transform(f -> ProblemException.conflict("key-conflict", "Key id already in use",
                                "kid '" + kid + "' is another participant's")))
                .flatMap(stored -> log.record(tx, new Change(participantId, null, actor, "wrapped-key.stored",
                        ChangeLog.detail("kid", kid), Effect.AUDIT_ONLY)))
                .invoke(() -> LOG.infof("stored wrapped key %s of participant %s", kid, participantId)));
    }

    /** The participant's wrapped keys, newest first. */
    public Uni<List<WrappedKey>> of(UUID participantId) {
        return pool.preparedQuery("select 1 from participant where id = $1").execute(Tuple.of(participantId))
                .flatMap(found -> {
                    if (found.size() == 0) {
                        throw ProblemException.notFound("no participant with id " + participantId);
                    }
                    return pool.preparedQuery("select kid, jwe, created_at, updated_at from wrapped_key "
                            + "where participant_id = $1 order by created_at desc, kid desc")
                            .execute(Tuple.of(participantId));
                })
                .map(rows -> {
                    List<WrappedKey> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(new WrappedKey(r.getString(0), r.getString(1),
                            r.getOffsetDateTime(2), r.getOffsetDateTime(3))));
                    return keys;
                });
    }
}
