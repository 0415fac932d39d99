package nl.knooppunt.registry.audit.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.metrics.RegistryMetrics;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.outbox.SnapshotOutbox;

/**
 * Records a change in the transaction that makes it: an audit event (who, what, when) and, for changes that alter a
 * participant's snapshot, a version bump and an outbox entry (ADR 0010).
 */
@ApplicationScoped
public class ChangeLog {

    private final SnapshotOutbox outbox;
    private final RegistryMetrics metrics;

    public ChangeLog(SnapshotOutbox outbox, RegistryMetrics metrics) {
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** What a change does to the participant's published snapshot. */
    public enum Effect {
        /** The snapshot is unchanged (e.g. mandates); audit only. */
        AUDIT_ONLY,
        /** The participant was inserted with version 1: publish it. */
        PUBLISH,
        /** The participant changed: bump its version and publish it. */
        BUMP_AND_PUBLISH
    }

    /** Records the change; must run inside the change's transaction. */
    public Uni<Void> record(SqlClient tx, Change change) {
        Uni<Void> audit = tx.preparedQuery("insert into audit_event (participant_id, client_id, actor, via, action, "
                        + "detail) values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(java.util.Arrays.asList(change.participantId(), change.clientId(),
                        change.actor().subject(), change.actor().via(), change.action(),
                        new JsonObject(change.detail()))))
                .replaceWithVoid();
        Uni<Void> bump = change.effect() == Effect.BUMP_AND_PUBLISH
                ? tx.preparedQuery("update participant set version = version + 1, updated_at = now() where id = $1")
                        .execute(Tuple.of(change.participantId())).replaceWithVoid()
                : Uni.createFrom().voidItem();
        Uni<Void> enqueue = change.effect() == Effect.AUDIT_ONLY ? Uni.createFrom().voidItem()
                : outbox.enqueue(tx, change.participantId());
        return audit.flatMap(x -> bump).flatMap(x -> enqueue).invoke(() -> metrics.changed(change.action()));
    }

    /** Audit detail from alternating names and values; null values are kept. */
    public static Map<String, Object> detail(Object... namesAndValues) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            detail.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return detail;
    }

    /**
     * One change.
     *
     * @param participantId the participant it concerns (null when none)
     * @param clientId      the API client it concerns (mandates), else null
     * @param actor         who made it
     * @param action        what, e.g. {@code module.switched-off}
     * @param detail        the changed values (no secrets)
     * @param effect        what it does to the snapshot
     */
    public record Change(UUID participantId, String clientId, Actor actor, String action, Map<String, Object> detail,
            Effect effect) {
    }
}
