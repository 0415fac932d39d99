package nl.knooppunt.registry.audit.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the audit trail. */
@ApplicationScoped
public class AuditTrail {

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /** The changes of one participant, newest first, at most {@code limit}, older than {@code before} when given. */
    public Uni<List<AuditEvent>> ofParticipant(UUID participantId, Long before, int limit) {
        return pool.preparedQuery("select id, participant_id, client_id, actor, via, action, detail, at "
                        + "from audit_event where participant_id = $1 and ($2::bigint is null or id < $2) "
                        + "order by id desc limit $3")
                .execute(Tuple.of(participantId, before, limit))
                .map(rows -> {
                    List<AuditEvent> events = new ArrayList<>();
                    rows.forEach(r -> events.add(event(r)));
                    return events;
                });
    }

    private static AuditEvent event(Row r) {
        UUID participant = r.getUUID("participant_id");
        Object detail = r.getValue("detail");
        JsonObject json = detail instanceof JsonObject o ? o : new JsonObject(String.valueOf(detail));
        return new AuditEvent(r.getLong("id"), participant == null ? null : participant.toString(),
                r.getString("client_id"), r.getString("actor"), r.getString("via"), r.getString("action"),
                json.getMap(), r.getOffsetDateTime("at"));
    }
}
