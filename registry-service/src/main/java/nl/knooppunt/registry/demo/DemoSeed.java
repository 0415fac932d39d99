package nl.knooppunt.registry.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.key.service.KeyService;
import nl.knooppunt.registry.key.service.PublicKeyPolicy;
import nl.knooppunt.registry.key.service.RegisteredKey;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.wrappedkey.service.WrappedKeyPolicy;
import nl.knooppunt.registry.wrappedkey.service.WrappedKeys;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;

/**
 * Inserts the demo participants, their modules and API clients at startup when {@code knooppunt.registry.demo-seed}
 * is on. Idempotent and safe with several replicas: every row is inserted with {@code ON CONFLICT DO NOTHING} in one
 * transaction. With {@code knooppunt.registry.demo-seed-keys} it then registers the demo participants' keys from that
 * file (public JWK and wrapped private key, through the same policies and services as a portal user's browser), each
 * once. The startup re-publication of snapshots (which runs after this) puts them on the participants topic.
 */
@ApplicationScoped
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);
    private static final String SEEDED_BY = "demo-seed";

    private final RegistryConfig config;
    private final Pool pool;
    private final KeyService keys;
    private final PublicKeyPolicy keyPolicy;
    private final WrappedKeys wrappedKeys;
    private final WrappedKeyPolicy wrappedKeyPolicy;
    private final ObjectMapper mapper;

    public DemoSeed(RegistryConfig config, Pool pool, KeyService keys, PublicKeyPolicy keyPolicy,
            WrappedKeys wrappedKeys, WrappedKeyPolicy wrappedKeyPolicy, ObjectMapper mapper) {
        this.config = config;
        this.pool = pool;
        this.keys = keys;
        this.keyPolicy = keyPolicy;
        this.wrappedKeys = wrappedKeys;
        this.wrappedKeyPolicy = wrappedKeyPolicy;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.demoSeed()) {
            return;
        }
        int inserted = seed().await().atMost(Duration.ofMinutes(1));
        LOG.infof("demo seed: %d participants present, %d rows inserted", DemoParticipant.ALL.size(), inserted);
        if (config.demoSeedKeys().isPresent()) {
            int registered = seedKeys(config.demoSeedKeys().get()).await().atMost(Duration.ofMinutes(1));
            LOG.infof("demo seed: %d demo key(s) registered from %s", registered, config.demoSeedKeys().get());
        }
    }

    /**
     * Registers each key of the file that its participant does not have yet: the wrapped private key first, then the
     * public key as the participant's newest (exactly what the portal does when a user sets up a key); answers how
     * many were registered.
     */
    public Uni<Integer> seedKeys(Path file) {
        List<JsonNode> entries = read(file);
        Actor seeder = new Actor(SEEDED_BY, SEEDED_BY);
        Uni<Integer> total = Uni.createFrom().item(0);
        for (JsonNode entry : entries) {
            UUID participantId = UUID.fromString(entry.path("participantId").asText());
            String kid = entry.path("kid").asText();
            RegisteredKey key = keyPolicy.validate(kid, entry.path("publicJwk").toString());
            String jwe = wrappedKeyPolicy.validate(kid, mapper.createObjectNode()
                    .put("jwe", entry.path("wrappedKey").asText()).toString());
            total = total.flatMap(sum -> keys.all(participantId).flatMap(existing -> {
                if (existing.stream().anyMatch(k -> k.kid().equals(kid))) {
                    return Uni.createFrom().item(sum);
                }
                return wrappedKeys.store(participantId, kid, jwe, seeder)
                        .flatMap(stored -> keys.publish(participantId, key, config.keyOverlap(), seeder))
                        .map(outcome -> sum + 1);
            }));
        }
        return total;
    }

    private List<JsonNode> read(Path file) {
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("knooppunt.registry.demo-seed-keys: cannot read " + file, e);
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new IllegalStateException("knooppunt.registry.demo-seed-keys: " + file + " needs {\"keys\": [...]}");
        }
        List<JsonNode> entries = new java.util.ArrayList<>();
        root.path("keys").forEach(entries::add);
        return entries;
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
