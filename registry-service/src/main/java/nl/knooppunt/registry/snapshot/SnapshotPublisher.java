package nl.knooppunt.registry.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.outbox.OutboxFilled;
import nl.knooppunt.registry.outbox.SnapshotOutbox;
import nl.knooppunt.registry.participant.repository.Participant;
import nl.knooppunt.registry.metrics.RegistryMetrics;
import nl.knooppunt.registry.participant.repository.ParticipantQueries;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Publishes participant snapshots from the outbox to the compacted topic {@link Topics#PARTICIPANTS} (ADR 0010): woken
 * by {@link OutboxFilled} after every committed change and every poll interval; a batch is locked ({@code for update skip locked}), read,
 * sent (acks=all, idempotent) and only then removed from the outbox, so a failure leaves it for the next attempt.
 * A participant that no longer exists gets a tombstone. Every record carries the registry's detached signature over
 * its key and value ({@link SnapshotSignatures}), which the caches in validation and routing check.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Vertx vertx;
    private final ParticipantQueries queries;
    private final SnapshotOutbox outbox;
    private final Snapshots snapshots;
    private final RegistryConfig config;
    private final String bootstrapServers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Path secretsDir;
    private volatile PublicJsonWebKey signingKey;
    private volatile KafkaProducer<String, String> producer;
    private volatile long timer = -1;
    private volatile boolean caughtUp;
    private final RegistryMetrics metrics;

    public SnapshotPublisher(Pool pool, Vertx vertx, ParticipantQueries queries, SnapshotOutbox outbox,
            Snapshots snapshots, RegistryConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "knooppunt.secrets-dir") Path secretsDir, RegistryMetrics metrics) {
        this.secretsDir = secretsDir;
        this.metrics = metrics;
        this.pool = pool;
        this.vertx = vertx;
        this.queries = queries;
        this.outbox = outbox;
        this.snapshots = snapshots;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (!config.snapshots().enabled()) {
            return;
        }
        signingKey = Jwks.readPrivateKey(secretsDir.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        producer = new KafkaProducer<>(producerProperties());
        if (config.snapshots().republishAtStartup()) {
            int all = outbox.enqueueAll(pool).await().atMost(Duration.ofMinutes(1));
            LOG.infof("participant snapshots: %d participants queued for re-publication", all);
        }
        timer = vertx.setPeriodic(config.snapshots().pollInterval().toMillis(), id -> wake());
        wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    void onOutboxFilled(@Observes OutboxFilled event) {
        wake();
    }

    /** Publishes what the outbox holds, now (or right after the publication under way). */
    public void wake() {
        if (producer == null) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        drain().subscribe().with(this::finish, failure -> {
            LOG.warnf("participant snapshots not published yet, retrying: %s", failure.toString());
            running.set(false);
        });
    }

    /** Whether the outbox has been empty at least once since startup: the topic holds every participant. */
    public boolean caughtUp() {
        return caughtUp || !config.snapshots().enabled();
    }

    private void finish(int published) {
        if (published == 0 && !again.get()) {
            caughtUp = true;
        }
        running.set(false);
        if (published >= config.snapshots().batchSize() || again.getAndSet(false)) {
            wake();
        }
    }

    private Uni<Integer> drain() {
        return pool.withTransaction(outbox::enqueueExpiredKeys)
                .flatMap(expired -> pool.withTransaction(this::publishBatch));
    }

    private Uni<Integer> publishBatch(SqlClient tx) {
        return tx.preparedQuery("select participant_id from participant_outbox order by enqueued_at limit $1 "
                        + "for update skip locked")
                .execute(Tuple.of(config.snapshots().batchSize()))
                .flatMap(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return queries.byIds(tx, ids)
                            // signing (ES256) and waiting for Kafka's acknowledgements happen on a worker thread
                            .flatMap(found -> Uni.createFrom().item(() -> send(records(ids, found)))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                            .flatMap(sent -> tx.preparedQuery(
                                            "delete from participant_outbox where participant_id = any($1)")
                                    .execute(Tuple.of(ids.toArray(UUID[]::new)))
                                    .map(deleted -> sent));
                });
    }

    private List<ProducerRecord<String, String>> records(List<UUID> ids, List<Participant> found) {
        Map<UUID, Participant> byId = new HashMap<>();
        found.forEach(p -> byId.put(p.id(), p));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (UUID id : ids) {
            Participant p = byId.get(id);
            String value = p == null ? null : snapshots.json(snapshots.of(p));
            RecordHeaders headers = new RecordHeaders();
            headers.add(SnapshotSignatures.HEADER, SnapshotSignatures.sign(id.toString(), value, signingKey)
                    .getBytes(StandardCharsets.UTF_8));
            records.add(new ProducerRecord<>(Topics.PARTICIPANTS, null, id.toString(), value, headers));
        }
        return records;
    }

    private int send(List<ProducerRecord<String, String>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        records.forEach(r -> acks.add(producer.send(r)));
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing participant snapshots", e);
            } catch (Exception e) {
                throw new IllegalStateException("participant snapshot not acknowledged by Kafka", e);
            }
        }
        long tombstones = records.stream().filter(r -> r.value() == null).count();
        metrics.published("tombstone", (int) tombstones);
        metrics.published("snapshot", records.size() - (int) tombstones);
        LOG.debugf("published %d participant snapshots", records.size());
        return records.size();
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "registry-service-snapshots");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }
}
