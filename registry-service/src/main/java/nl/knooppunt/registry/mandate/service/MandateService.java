package nl.knooppunt.registry.mandate.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.audit.service.ChangeLog;
import nl.knooppunt.registry.audit.service.ChangeLog.Change;
import nl.knooppunt.registry.audit.service.ChangeLog.Effect;
import nl.knooppunt.registry.participant.service.ParticipantChanges;
import nl.knooppunt.registry.security.Actor;

/** API clients and their mandates: which OIDC client ids may act for which participants. */
@ApplicationScoped
public class MandateService {

    private final Pool pool;
    private final ParticipantChanges changes;
    private final ChangeLog log;

    public MandateService(Pool pool, ParticipantChanges changes, ChangeLog log) {
        this.pool = pool;
        this.changes = changes;
        this.log = log;
    }

    /**
     * An API client and the participants it may act for.
     *
     * @param clientId     the OIDC client id
     * @param participants ids of the participants it may act for
     */
    public record ApiClient(String clientId, List<String> participants) {
    }

    /** Every API client with a mandate, by client id. */
    public Uni<List<ApiClient>> clients() {
        return pool.query("select client_id, participant_id from api_client order by client_id, participant_id")
                .execute()
                .map(rows -> {
                    Map<String, List<String>> byClient = new LinkedHashMap<>();
                    rows.forEach(r -> byClient.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                            .add(r.getUUID(1).toString()));
                    return byClient.entrySet().stream().map(e -> new ApiClient(e.getKey(), List.copyOf(e.getValue())))
                            .toList();
                });
    }

    /** Lets the client act for the participant (idempotent); 404 for an unknown participant. */
    public Uni<Void> grant(String clientId, UUID participantId, Actor actor) {
        return changes.write(tx -> changes.existing(tx, participantId)
                .flatMap(p -> tx.preparedQuery("insert into api_client (client_id, participant_id) values ($1, $2) "
                                + "on conflict do nothing")
                        .execute(Tuple.of(clientId, participantId)))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : log.record(tx, new Change(participantId, clientId, actor, "mandate.granted",
                                ChangeLog.detail("clientId", clientId), Effect.AUDIT_ONLY))));
    }

    /** Ends the client's mandate for the participant (idempotent); 404 for an unknown participant. */
    public Uni<Void> revoke(String clientId, UUID participantId, Actor actor) {
        return changes.write(tx -> changes.existing(tx, participantId)
                .flatMap(p -> tx.preparedQuery("delete from api_client where client_id = $1 and participant_id = $2")
                        .execute(Tuple.of(clientId, participantId)))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : log.record(tx, new Change(participantId, clientId, actor, "mandate.revoked",
                                ChangeLog.detail("clientId", clientId), Effect.AUDIT_ONLY))));
    }
}
