package nl.knooppunt.registry.key.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.audit.service.ChangeLog;
import nl.knooppunt.registry.audit.service.ChangeLog.Change;
import nl.knooppunt.registry.audit.service.ChangeLog.Effect;
import nl.knooppunt.registry.participant.service.ParticipantChanges;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;

/**
 * Registers and retires participants' public encryption keys; a kid names one key forever. Registering a new key
 * rotates: the keys valid until then stay valid for the overlap period, then leave the participant's snapshot.
 */
@ApplicationScoped
public class KeyService {

    private static final Logger LOG = Logger.getLogger(KeyService.class);

    private final Pool pool;
    private final ParticipantChanges changes;
    private final ChangeLog log;
    private final PublicKeyPolicy policy;

    public KeyService(Pool pool, ParticipantChanges changes, ChangeLog log, PublicKeyPolicy policy) {
        this.pool = pool;
        this.changes = changes;
        this.log = log;
        this.policy = policy;
    }

    /** What a publication did. */
    public enum Outcome {
        /** The key is now registered. */
        REGISTERED,
        /** The same key was already registered under this kid for this participant. */
        ALREADY_REGISTERED
    }

    /**
     * A key of a participant, current or not.
     *
     * @param kid       key id
     * @param jwkJson   the public JWK
     * @param createdAt registration time
     * @param notAfter  end of validity, or null
     */
    public record KeyRecord(String kid, String jwkJson, OffsetDateTime createdAt, OffsetDateTime notAfter) {
    }

    /**
     * Registers {@code key} for the participant; idempotent for the same key. The participant's other keys without
     * an earlier end stay valid for {@code overlap}.
     *
     * @throws ProblemException 404 for an unknown participant, 409 when the kid names another key
     */
    public Uni<Outcome> publish(UUID participantId, RegisteredKey key, Duration overlap, Actor actor) {
        return changes.write(tx -> changes.existing(tx, participantId)
                .flatMap(participant -> tx.preparedQuery("insert into participant_key (participant_id, kid, jwk, "
                                + "key_use, created_at) values ($1, $2, $3, $4, clock_timestamp()) on conflict do nothing")
                        .execute(Tuple.of(participantId, key.kid(), key.json(), key.use())))
                .flatMap(inserted -> {
                    if (inserted.rowCount() == 1) {
                        return tx.preparedQuery("update participant_key set not_after = now() + make_interval(secs => $3) "
                                        + "where participant_id = $1 and kid <> $2 "
                                        + "and (not_after is null or not_after > now() + make_interval(secs => $3))")
                                .execute(Tuple.of(participantId, key.kid(), (double) overlap.toSeconds()))
                                .flatMap(rotated -> log.record(tx, new Change(participantId, null, actor,
                                        "key.registered", ChangeLog.detail("kid", key.kid(),
                                                "overlapSeconds", overlap.toSeconds(),
                                                "rotatedKeys", rotated.rowCount()),
                                        Effect.BUMP_AND_PUBLISH)))
                                .invoke(() -> LOG.infof("registered key %s for participant %s", key.kid(),
                                        participantId))
                                .map(x -> Outcome.REGISTERED);
                    }
                    return tx.preparedQuery("select participant_id, jwk from participant_key where kid = $1")
                            .execute(Tuple.of(key.kid()))
                            .map(rows -> {
                                var existing = rows.iterator().hasNext() ? rows.iterator().next() : null;
                                if (existing != null && existing.getUUID(0).equals(participantId)
                                        && policy.sameKey(existing.getString(1), key)) {
                                    return Outcome.ALREADY_REGISTERED;
                                }
                                throw ProblemException.conflict("key-conflict", "Key id already in use",
                                        "kid '" + key.kid() + "' is already registered for another key; "
                                                + "a kid names one key, publish a new key under a new kid");
                            });
                }));
    }

    /** Ends a key's validity now (e.g. compromised); idempotent. */
    public Uni<Void> retire(UUID participantId, String kid, Actor actor) {
        return changes.write(tx -> changes.existing(tx, participantId)
                .flatMap(participant -> tx.preparedQuery("update participant_key set not_after = now() "
                                + "where participant_id = $1 and kid = $2 and (not_after is null or not_after > now())")
                        .execute(Tuple.of(participantId, kid)))
                .flatMap(updated -> {
                    if (updated.rowCount() == 1) {
                        return log.record(tx, new Change(participantId, null, actor, "key.retired",
                                ChangeLog.detail("kid", kid), Effect.BUMP_AND_PUBLISH));
                    }
                    return tx.preparedQuery("select 1 from participant_key where participant_id = $1 and kid = $2")
                            .execute(Tuple.of(participantId, kid))
                            .map(rows -> {
                                if (rows.size() == 0) {
                                    throw ProblemException.notFound("participant " + participantId
                                            + " has no key with kid '" + kid + "'");
                                }
                                return null;
                            }).replaceWithVoid();
                }));
    }

    /** Every key of the participant, current or not, newest first. */
    public Uni<List<KeyRecord>> all(UUID participantId) {
        return pool.preparedQuery("select 1 from participant where id = $1").execute(Tuple.of(participantId))
                .flatMap(found -> {
                    if (found.size() == 0) {
                        throw ProblemException.notFound("no participant with id " + participantId);
                    }
                    return pool.preparedQuery("select kid, jwk, created_at, not_after from participant_key "
                                    + "where participant_id = $1 order by created_at desc, kid desc")
                            .execute(Tuple.of(participantId));
                })
                .map(rows -> {
                    List<KeyRecord> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(new KeyRecord(r.getString(0), r.getString(1),
                            r.getOffsetDateTime(2), r.getOffsetDateTime(3))));
                    return keys;
                });
    }
}
