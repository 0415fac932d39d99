package nl.knooppunt.standard.kafka;

import java.util.List;
import java.util.Map;

/**
 * How a topic of the hub is configured: partitions and topic-level configs (retention, cleanup policy).
 * The local stack creates topics from these; the Kubernetes manifests mirror them as Strimzi KafkaTopics.
 *
 * @param name       topic name
 * @param partitions number of partitions
 * @param configs    topic-level configuration
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 60 * MINUTE_MS;
    private static final long DAY_MS = 24 * HOUR_MS;

    /**
     * How long a submission stays on {@code knooppunt.submissions}: as long as the transit key that encrypted it can
     * exist (the transit ratchet's default window, ADR 0034). Kafka deletes only closed segments, so segments roll
     * every 10 minutes: a record is gone from disk at most about 45 minutes after it was written.
     */
    public static final long SUBMISSIONS_RETENTION_MS = 30 * MINUTE_MS;

    /** Every topic of the hub with its settings: short retention, nothing kept longer than needed. */
    public static List<TopicSpec> all() {
        return List.of(
                new TopicSpec(Topics.SUBMISSIONS, 6, retention(SUBMISSIONS_RETENTION_MS, 10 * MINUTE_MS)),
                new TopicSpec(Topics.VERDICTS, 6, retention(HOUR_MS, 10 * MINUTE_MS)),
                new TopicSpec(Topics.DELIVERIES, 12, retention(7 * DAY_MS, DAY_MS)),
                new TopicSpec(Topics.DEAD_LETTERS, 1, retention(7 * DAY_MS, DAY_MS)),
                new TopicSpec(Topics.PARTICIPANTS, 3, Map.of("cleanup.policy", "compact",
                        "min.compaction.lag.ms", "0", "segment.ms", Long.toString(HOUR_MS),
                        "min.insync.replicas", "1")));
    }

    /** Deleted after {@code millis}; segments roll after {@code segmentMillis}, so retention can act on them. */
    private static Map<String, String> retention(long millis, long segmentMillis) {
        return Map.of("retention.ms", Long.toString(millis), "segment.ms", Long.toString(segmentMillis),
                "cleanup.policy", "delete", "min.insync.replicas", "1");
    }
}
