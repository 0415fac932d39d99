package nl.knooppunt.localstack.rotation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the key rotation test reads from Kafka: every record of a topic as it stands (no consumer group, nothing
 * committed), a consumer group's committed offsets, and the {@code kid} of a record's JWE and of its envelope
 * assertion, read from the protected headers only: the test never decrypts anything on a topic.
 */
public final class TopicRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record, reduced to what the test needs.
     *
     * @param partition the record's partition
     * @param offset    its offset
     * @param timestamp its timestamp (ms)
     * @param key       its key
     * @param messageId {@code envelope.messageId} of a submission or delivery, else null
     * @param kid       the kid in the protected header of its {@code payload} JWE, else null
     * @param reason    its {@code knooppunt-reason} header (dead letters), else null
     * @param assertionKid the kid in the header of its {@code assertion} JWS (the link key), else null
     */
    public record Seen(TopicPartition partition, long offset, long timestamp, String key, String messageId, String kid,
            String reason, String assertionKid) {
    }

    private TopicRecords() {
    }

    /** Every record of the topic from the beginning up to its current end, in partition and offset order. */
    public static List<Seen> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Seen> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        seen.add(reduce(record));
                    }
                }
            }
        }
        seen.sort(Comparator.comparing((Seen s) -> s.partition().partition()).thenComparingLong(Seen::offset));
        return seen;
    }

    /** The offsets a consumer group has committed on a topic (partitions it never committed are absent). */
    public static Map<TopicPartition, Long> committed(String bootstrap, String group, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null && partition.topic().equals(topic)) {
                    result.put(partition, offset.offset());
                }
            });
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The kid of a compact JWE or JWS, from its protected header alone (nothing is decrypted or verified); null when it
     * has none.
     */
    public static String kidOf(String compactJwe) {
        if (compactJwe == null || compactJwe.indexOf('.') < 0) {
            return null;
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(compactJwe.substring(0, compactJwe.indexOf('.')));
            JsonNode kid = JSON.readTree(new String(header, StandardCharsets.UTF_8)).get("kid");
            return kid == null ? null : kid.asText();
        } catch (Exception notAJwe) {
            return null;
        }
    }

    private static Seen reduce(ConsumerRecord<String, String> record) {
        String messageId = null;
        String kid = null;
        String assertionKid = null;
        if (record.value() != null) {
            try {
                JsonNode value = JSON.readTree(record.value());
                messageId = value.path("envelope").path("messageId").asText(null);
                kid = kidOf(value.path("payload").asText(null));
                assertionKid = kidOf(value.path("assertion").asText(null));
            } catch (Exception notJson) {
                // not a submission or delivery: key, timestamp and headers still count
            }
        }
        Header reason = record.headers().lastHeader("knooppunt-reason");
        return new Seen(new TopicPartition(record.topic(), record.partition()), record.offset(), record.timestamp(),
                record.key(), messageId, kid, reason == null ? null : new String(reason.value(),
                        StandardCharsets.UTF_8), assertionKid);
    }
}
