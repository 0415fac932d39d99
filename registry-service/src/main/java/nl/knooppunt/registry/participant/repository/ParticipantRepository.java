package nl.knooppunt.registry.participant.repository;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Reads participants. */
@ApplicationScoped
public class ParticipantRepository implements PanacheRepositoryBase<ParticipantEntity, UUID> {

    private static final String MATCH = "lower(name) like :pattern escape '!' or oin = :exact or kvk = :exact";
    private static final String ORDER = " order by lower(name), id";

    /** One page of the participants whose name contains {@code q} or whose OIN or KvK equals it; all when blank. */
    public Uni<List<ParticipantEntity>> search(String q, int page, int size) {
        if (q == null) {
            return find("from ParticipantEntity" + ORDER).page(Page.of(page, size)).list();
        }
        return find("from ParticipantEntity where " + MATCH + ORDER, matchParameters(q))
                .page(Page.of(page, size)).list();
    }

    /** The number of participants {@link #search} finds for {@code q}. */
    public Uni<Long> countSearch(String q) {
        return q == null ? count() : count(MATCH, matchParameters(q));
    }

    /** The participant with the given OIN, or null. */
    public Uni<ParticipantEntity> findByOin(String oin) {
        return find("oin", oin).firstResult();
    }

    /** The participants the OIDC client may act for, by name. */
    public Uni<List<ParticipantEntity>> findByClient(String clientId) {
        return find("from ParticipantEntity p where p.id in "
                + "(select c.participantId from ApiClientEntity c where c.clientId = ?1)" + ORDER, clientId).list();
    }

    private static Parameters matchParameters(String q) {
        return Parameters.with("pattern", "%" + escapeLike(q.toLowerCase(Locale.ROOT)) + "%").and("exact", q);
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
