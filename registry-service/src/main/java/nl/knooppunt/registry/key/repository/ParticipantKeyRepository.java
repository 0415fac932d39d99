package nl.knooppunt.registry.key.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Reads and registers participants' public keys. */
@ApplicationScoped
public class ParticipantKeyRepository implements PanacheRepositoryBase<ParticipantKeyEntity, String> {

    /** Keys still in use ({@code not_after} unset or in the future) per participant, newest first. */
    public Uni<Map<UUID, List<ParticipantKeyEntity>>> currentKeysOf(Collection<UUID> participantIds) {
        if (participantIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return find("participantId in ?1 and (notAfter is null or notAfter > ?2) order by createdAt desc, kid desc",
                participantIds, OffsetDateTime.now()).list()
                .map(rows -> rows.stream().collect(Collectors.groupingBy(k -> k.participantId,
                        Collectors.toList())));
    }

    /**
     * Inserts the key unless its kid is taken (also by a concurrent insert); must run in a transaction.
     *
     * @return true when this call inserted it
     */
    public Uni<Boolean> insertIfAbsent(UUID participantId, String kid, String jwk, String use) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into participant_key (participant_id, kid, jwk, key_use, created_at) "
                                + "values (:participantId, :kid, :jwk, :use, clock_timestamp()) "
                                + "on conflict do nothing")
                .setParameter("participantId", participantId)
                .setParameter("kid", kid)
                .setParameter("jwk", jwk)
                .setParameter("use", use)
                .executeUpdate())
                .map(count -> count == 1);
    }
}
