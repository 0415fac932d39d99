package nl.knooppunt.registry.participant.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Reads the modules switched on for participants. */
@ApplicationScoped
public class ParticipantModuleRepository
        implements PanacheRepositoryBase<ParticipantModuleEntity, ParticipantModuleEntity.Key> {

    /** Module ids per participant, sorted; participants without modules are absent. */
    public Uni<Map<UUID, List<String>>> modulesOf(Collection<UUID> participantIds) {
        if (participantIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return find("participantId in ?1 order by module", participantIds).list()
                .map(rows -> rows.stream().collect(Collectors.groupingBy(m -> m.participantId,
                        Collectors.mapping(m -> m.module, Collectors.toList()))));
    }
}
