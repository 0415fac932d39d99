package nl.knooppunt.registry.participant.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.key.repository.ParticipantKeyEntity;
import nl.knooppunt.registry.key.repository.ParticipantKeyRepository;
import nl.knooppunt.registry.participant.repository.ParticipantEntity;
import nl.knooppunt.registry.participant.repository.ParticipantModuleRepository;
import nl.knooppunt.registry.participant.repository.ParticipantRepository;
import nl.knooppunt.registry.problem.ProblemException;

/** Reads the participant directory: search, lookups and API-client mandates. */
@ApplicationScoped
public class ParticipantService {

    private final ParticipantRepository participants;
    private final ParticipantModuleRepository modules;
    private final ParticipantKeyRepository keys;

    public ParticipantService(ParticipantRepository participants, ParticipantModuleRepository modules,
            ParticipantKeyRepository keys) {
        this.participants = participants;
        this.modules = modules;
        this.keys = keys;
    }

    /** Participants whose name contains {@code q} (case-insensitive) or whose OIN or KvK equals it; all when null. */
    @WithSession
    public Uni<ParticipantPage> search(String q, int page, int size) {
        return participants.search(q, page, size)
                .flatMap(found -> participants.countSearch(q)
                        .flatMap(total -> complete(found).map(items -> new ParticipantPage(items, page, size, total))));
    }

    /** The participant with this id. */
    @WithSession
    public Uni<Participant> byId(UUID id) {
        return participants.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with id " + id))
                .flatMap(this::complete);
    }

    /** The participant with this OIN. */
    @WithSession
    public Uni<Participant> byOin(String oin) {
        return participants.findByOin(oin)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with OIN " + oin))
                .flatMap(this::complete);
    }

    /** The participants the OIDC client may act for; empty when none. */
    @WithSession
    public Uni<List<Participant>> forClient(String clientId) {
        return participants.findByClient(clientId).flatMap(this::complete);
    }

    private Uni<Participant> complete(ParticipantEntity participant) {
        return complete(List.of(participant)).map(list -> list.get(0));
    }

    private Uni<List<Participant>> complete(List<ParticipantEntity> found) {
        List<UUID> ids = found.stream().map(p -> p.id).toList();
        return modules.modulesOf(ids).flatMap(modulesById -> keys.currentKeysOf(ids)
                .map(keysById -> found.stream().map(p -> toParticipant(p, modulesById, keysById)).toList()));
    }

    private static Participant toParticipant(ParticipantEntity p, Map<UUID, List<String>> modulesById,
            Map<UUID, List<ParticipantKeyEntity>> keysById) {
        List<Participant.PublicKey> publicKeys = keysById.getOrDefault(p.id, List.of()).stream()
                .map(k -> new Participant.PublicKey(k.kid, k.jwk)).toList();
        return new Participant(p.id, p.oin, p.kvk, p.name, p.kind, p.sector, p.status,
                List.copyOf(modulesById.getOrDefault(p.id, List.of())), publicKeys);
    }
}
