package nl.knooppunt.standard.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;

/**
 * The participants as registry-service publishes them on the compacted topic {@link Topics#PARTICIPANTS}, held in
 * memory (ADR 0010), for validation-service and routing-service. A background thread reads every partition from the
 * beginning with manual assignment (no consumer group, so every replica holds all participants) and keeps following
 * the topic; it is ready once it has read up to the end offsets it found at start. Only records carrying the
 * registry's valid signature count ({@link SnapshotSignatures}); others are handed to the refusal handler and
 * ignored. Older versions than the one held are ignored (a replayed genuine snapshot changes nothing); a signed
 * tombstone removes the participant.
 */
public final class ParticipantSnapshots implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ParticipantSnapshots.class.getName());

    /** A snapshot record that was refused: never applied; the value is passed on unchanged for a dead letter. */
    public record Refusal(String key, String value, int partition, long offset, String reason) {
    }

    /** What a service does with refused records (count, dead-letter). */
    @FunctionalInterface
    public interface RefusalHandler {
        void refused(Refusal refusal);
    }

    private final Map<String, ParticipantSnapshot> participants = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final String clientIdPrefix;
    private final SnapshotSignatures.Verifier verifier;
    private final RefusalHandler refusals;
    private volatile boolean ready;
    private volatile Instant newestUpdate;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ParticipantSnapshots(ObjectMapper mapper, String bootstrapServers, String clientIdPrefix,
            SnapshotSignatures.Verifier verifier, RefusalHandler refusals) {
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
        this.clientIdPrefix = clientIdPrefix;
        this.verifier = verifier;
        this.refusals = refusals;
    }

    /** Starts following the topic in a daemon thread. */
    public void start() {
        running.set(true);
        thread = new Thread(this::run, clientIdPrefix);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops following and waits briefly for the thread. */
    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the whole topic as it was at start has been read. */
    public boolean ready() {
        return ready;
    }

    /** The participant's latest snapshot, or empty when the registry does not know it (or removed it). */
    public Optional<ParticipantSnapshot> find(String participantId) {
        return Optional.ofNullable(participants.get(participantId));
    }

    /**
     * When the registry recorded the newest participant state held ({@code updatedAt}), empty before the first: how
     * fresh this cache is at least (a metric, ADR 0044).
     */
    public Optional<Instant> newestUpdate() {
        return Optional.ofNullable(newestUpdate);
    }

    /** How many participants are held. */
    public int size() {
        return participants.size();
    }

    private void run() {
        while (running.get()) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warning(() -> "participant cache: reading " + Topics.PARTICIPANTS + " failed, retrying: " + e);
                sleep();
            }
        }
    }

    private void follow(KafkaConsumer<String, String> kafka) {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.PARTICIPANTS, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            LOG.info(() -> "participant cache: topic " + Topics.PARTICIPANTS + " not there yet");
            sleep();
            return;
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        kafka.assign(assigned);
        kafka.seekToBeginning(assigned);
        Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(assigned));
        while (running.get()) {
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                apply(record);
            }
            if (!ready) {
                end.entrySet().removeIf(e -> kafka.position(e.getKey()) >= e.getValue());
                if (end.isEmpty()) {
                    ready = true;
                    LOG.info(() -> "participant cache: caught up, " + participants.size() + " participants");
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            refuse(record, "snapshot.no-key");
            return;
        }
        Header header = record.headers().lastHeader(SnapshotSignatures.HEADER);
        SnapshotSignatures.Rejection rejection = verifier.check(record.key(), record.value(),
                header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        if (rejection != null) {
            refuse(record, rejection.code());
            return;
        }
        if (record.value() == null) {
            participants.remove(record.key());
            return;
        }
        ParticipantSnapshot snapshot;
        try {
            snapshot = mapper.readValue(record.value(), ParticipantSnapshot.class);
        } catch (Exception e) {
            refuse(record, "snapshot.unreadable");
            return;
        }
        if (!record.key().equals(snapshot.id())) {
            refuse(record, "snapshot.key-mismatch");
            return;
        }
        participants.merge(record.key(), snapshot, (held, next) -> next.version() >= held.version() ? next : held);
        Instant updated = snapshot.updatedAt();
        if (updated != null && (newestUpdate == null || updated.isAfter(newestUpdate))) {
            newestUpdate = updated;
        }
    }

    private void refuse(ConsumerRecord<String, String> record, String reason) {
        // key, position and reason only: a snapshot holds nothing secret, but a forged record is not repeated
        LOG.warning(() -> "participant cache: record " + record.key() + " at " + record.partition() + "/"
                + record.offset() + " refused (" + reason + ")");
        try {
            refusals.refused(new Refusal(record.key(), record.value(), record.partition(), record.offset(), reason));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "participant cache: handling a refused record failed", e);
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
