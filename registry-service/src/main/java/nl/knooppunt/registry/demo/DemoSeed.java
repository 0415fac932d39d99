package nl.knooppunt.registry.demo;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;

/**
 * Inserts the demo participants, their modules and API clients at startup when {@code knooppunt.registry.demo-seed}
 * is on. Idempotent and safe with several replicas: every row is inserted with {@code ON CONFLICT DO NOTHING} in one
 * transaction. Keys are not seeded; portal-api publishes the custody public keys.
 */
@ApplicationScoped
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);
    private static final String SEEDED_BY = "demo-seed";

    private final RegistryConfig config;

    public DemoSeed(RegistryConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.demoSeed()) {
            return;
        }
        int inserted = VertxContextSupport.subscribeAndAwait(this::seed);
        LOG.infof("demo seed: %d participants present, %d rows inserted", DemoParticipant.ALL.size(), inserted);
    }

    /** Inserts whatever of the demo data is missing; answers the number of rows inserted. */
    public Uni<Integer> seed() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session ->
                Multi.createFrom().iterable(DemoParticipant.ALL)
                        .onItem().transformToUniAndConcatenate(p -> insert(session, p))
                        .collect().with(Collectors.summingInt(Integer::intValue))));
    }

    private Uni<Integer> insert(Mutiny.Session session, DemoParticipant p) {
        Uni<Integer> participant = session.createNativeQuery(
                        "insert into participant (id, oin, kvk, name, kind, sector, status) "
                                + "values (:id, :oin, :kvk, :name, :kind, :sector, :status) on conflict do nothing")
                .setParameter("id", p.id())
                .setParameter("oin", p.oin())
                .setParameter("kvk", p.kvk())
                .setParameter("name", p.name())
                .setParameter("kind", p.kind().apiName())
                .setParameter("sector", p.sector())
                .setParameter("status", ParticipantStatus.ACTIVE.apiName())
                .executeUpdate();
        Uni<Integer> modules = Multi.createFrom().iterable(p.modules())
                .onItem().transformToUniAndConcatenate(module -> session.createNativeQuery(
                                "insert into participant_module (participant_id, module, enabled_by, enabled_at) "
                                        + "values (:id, :module, :by, now()) on conflict do nothing")
                        .setParameter("id", p.id())
                        .setParameter("module", module)
                        .setParameter("by", SEEDED_BY)
                        .executeUpdate())
                .collect().with(Collectors.summingInt(Integer::intValue));
        Uni<Integer> client = session.createNativeQuery(
                        "insert into api_client (client_id, participant_id) values (:client, :id) "
                                + "on conflict do nothing")
                .setParameter("client", p.clientId())
                .setParameter("id", p.id())
                .executeUpdate();
        return participant.flatMap(a -> modules.flatMap(b -> client.map(c -> a + b + c)));
    }
}
