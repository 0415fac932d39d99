package nl.knooppunt.localstack.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import nl.knooppunt.standard.kafka.Topics;

/**
 * How many records the hub's consumers have not yet committed, from Kafka's own offsets: submissions waiting for
 * validation-service and deliveries waiting for routing-service. When both are 0, nothing submitted can still turn
 * into a stored message, so a submission without a row at routing-service was never accepted.
 */
public final class KafkaBacklog {

    /** Consumer group and the topic it reads, for each stage a submission passes. */
    private static final Map<String, String> TOPIC_BY_GROUP = Map.of("validation-service", Topics.SUBMISSIONS,
            "routing-service", Topics.DELIVERIES);

    private KafkaBacklog() {
    }

    /** Records not yet committed, per {@code group topic}. */
    public static Map<String, Long> of(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        Map<String, Long> backlog = new LinkedHashMap<>();
        try (Admin admin = Admin.create(config)) {
            for (Map.Entry<String, String> stage : TOPIC_BY_GROUP.entrySet()) {
                String topic = stage.getValue();
                List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(stage.getKey())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
                Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
                long waiting = 0;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = committed.get(partition);
                    long from = Math.max(earliest.get(partition), done == null ? 0 : done.offset());
                    waiting += Math.max(0, latest.get(partition) - from);
                }
                backlog.put(stage.getKey() + " " + topic, waiting);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("reading Kafka offsets: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading Kafka offsets", e);
        }
        return backlog;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all()
                .get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
