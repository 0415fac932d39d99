package nl.knooppunt.registry.demo;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;

/**
 * Inserts the demo participants, their modules and API clients at startup when {@code knooppunt.registry.demo-seed}
 * is on. Idempotent and safe with several replicas: every row is inserted with {@code ON CONFLICT DO NOTHING} in one
 * transaction. Keys are not seeded; portal-api publishes the custody public keys. The startup re-publication of
 * snapshots (which runs after this) puts them on the participants topic.
 */
@ApplicationScoped
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);
    private static final String SEEDED_BY = "demo-seed";

    private final RegistryConfig config;
    private final Pool pool;

    public DemoSeed(RegistryConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.demoSeed()) {
            return;
        }
        int inserted = seed().await().atMost(Duration.ofMinutes(1));
        LOG.infof("demo seed: %d participants present, %d rows inserted", DemoParticipant.ALL.size(), inserted);
    }

    /** Inserts whatever of the demo data is missing; answers the number of rows inserted. */
    public Uni<Integer> seed() {
        return pool.withTransaction(tx -> {
            Uni<Integer> total = Uni.createFrom().item(0);
            for (DemoParticipant p : DemoParticipant.ALL) {
                total = total.flatMap(sum -> insert(tx, p).map(n -> sum + n));
            }
            return total;
        });
    }

    private static Uni<Integer> insert(SqlClient tx, DemoParticipant p) {
        Uni<Integer> participant = tx.preparedQuery("insert into participant (id, oin, kvk, name, kind, sector, status) "
                        + "values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing")
                .execute(Tuple.from(java.util.Arrays.asList(p.id(), p.oin(), p.kvk(), p.name(), p.kind().apiName(),
                        p.sector(), ParticipantStatus.ACTIVE.apiName())))
                .map(rows -> rows.rowCount());
        List<Tuple> modules = p.modules().stream().map(m -> Tuple.of(p.id(), m, SEEDED_BY)).toList();
        return participant
                .flatMap(a -> tx.preparedQuery("insert into participant_module (participant_id, module, enabled_by, "
                                + "enabled_at) values ($1, $2, $3, now()) on conflict do nothing")
                        .executeBatch(modules)
                        .map(rows -> {
                            int sum = a;
                            for (var r = rows; r != null; r = r.next()) {
                                sum += r.rowCount();
                            }
                            return sum;
                        }))
                .flatMap(b -> tx.preparedQuery("insert into api_client (client_id, participant_id) values ($1, $2) "
                                + "on conflict do nothing")
                        .execute(Tuple.of(p.clientId(), p.id()))
                        .map(rows -> b + rows.rowCount()));
    }
}
