package nl.knooppunt.registry.participant.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import nl.knooppunt.registry.participant.repository.Participant;
import nl.knooppunt.registry.participant.repository.ParticipantFilter;
import nl.knooppunt.registry.participant.repository.ParticipantPage;
import nl.knooppunt.registry.participant.repository.ParticipantQueries;
import nl.knooppunt.kit.problem.ProblemException;

/** Reads the participant directory: search, lookups and API-client mandates. */
@ApplicationScoped
public class ParticipantService {

    private final Pool pool;
    private final ParticipantQueries queries;

    public ParticipantService(Pool pool, ParticipantQueries queries) {
        this.pool = pool;
        this.queries = queries;
    }

    /** Participants matching {@code filter}, sorted by name. */
    public Uni<ParticipantPage> search(ParticipantFilter filter, int page, int size) {
        return queries.search(pool, filter, page, size);
    }

    /** The participant with this id. */
    public Uni<Participant> byId(UUID id) {
        return queries.byId(pool, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with id " + id));
    }

    /** The participant with this OIN. */
    public Uni<Participant> byOin(String oin) {
        return queries.byOin(pool, oin)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with OIN " + oin));
    }

    /** The participants the OIDC client may act for; empty when none. */
    public Uni<List<Participant>> forClient(String clientId) {
        return queries.forClient(pool, clientId);
    }
}
