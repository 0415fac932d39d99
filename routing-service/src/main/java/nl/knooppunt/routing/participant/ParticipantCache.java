package nl.knooppunt.routing.participant;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.Topics;

/**
 * The participants as registry-service publishes them on the compacted topic {@link Topics#PARTICIPANTS}, held in
 * memory (ADR 0010). A background thread reads every partition from the beginning with manual assignment (no
 * consumer group, so every replica holds all participants) and keeps following the topic; the cache is ready once it
 * has read up to the end offsets it found at start. Older versions than the one held are ignored; a tombstone
 * removes the participant.
 */
@ApplicationScoped
public class ParticipantCache {

    private static final Logger LOG = Logger.getLogger(ParticipantCache.class);

    private final Map<String, ParticipantSnapshot> participants = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private volatile boolean ready;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ParticipantCache(ObjectMapper mapper,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers) {
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        running.set(true);
        thread = new Thread(this::run, "participant-cache");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Whether the cache has read the whole topic as it was at start. */
    public boolean ready() {
        return ready;
    }

    /** The participant's latest snapshot, or empty when the registry does not know it (or removed it). */
    public Optional<ParticipantSnapshot> find(String participantId) {
        return Optional.ofNullable(participants.get(participantId));
    }

    /** Whether the participant may receive: known to the registry and active (a suspended one receives nothing). */
    public boolean mayReceive(String participantId) {
        return find(participantId).map(ParticipantSnapshot::active).orElse(false);
    }

    /** The participant's webhook when its registered delivery is a webhook; empty for the mailbox or when unknown. */
    public Optional<java.net.URI> webhook(String participantId) {
        return find(participantId).map(ParticipantSnapshot::delivery)
                .filter(d -> "webhook".equals(d.mode()) && d.webhookUrl() != null)
                .map(d -> java.net.URI.create(d.webhookUrl()));
    }

    /** How many participants the cache holds. */
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
                LOG.warnf("participant cache: reading %s failed, retrying: %s", Topics.PARTICIPANTS, e.toString());
                sleep();
            }
        }
    }

    private void follow(KafkaConsumer<String, String> kafka) {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.PARTICIPANTS, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            LOG.infof("participant cache: topic %s not there yet", Topics.PARTICIPANTS);
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
                    LOG.infof("participant cache: caught up, %d participants", participants.size());
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
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
            LOG.warnf("participant cache: unreadable snapshot for %s at offset %d skipped", record.key(),
                    record.offset());
            return;
        }
        if (!record.key().equals(snapshot.id())) {
            LOG.warnf("participant cache: snapshot under key %s names another participant; skipped", record.key());
            return;
        }
        participants.merge(record.key(), snapshot, (held, next) -> next.version() >= held.version() ? next : held);
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "routing-participant-cache-" + UUID.randomUUID());
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
