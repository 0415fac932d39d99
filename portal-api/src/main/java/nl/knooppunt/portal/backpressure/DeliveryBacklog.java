package nl.knooppunt.portal.backpressure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Reads routing-service's delivery backlog from Kafka once per interval: the records on {@code knooppunt.deliveries}
 * its consumer group has not committed yet. Portal-api sheds submissions while it is above the configured bound.
 * An unknown backlog (Kafka unreachable, no reading for five intervals) sheds nothing: a Kafka outage is caught when
 * a submission cannot be sent.
 */
@ApplicationScoped
public class DeliveryBacklog {

    private static final Logger LOG = Logger.getLogger(DeliveryBacklog.class);
    private static final long UNKNOWN = -1;

    private final BackPressureConfig config;
    private final Map<String, Object> kafka;
    private volatile long backlog = UNKNOWN;
    private volatile long readAtNanos;
    private volatile boolean failing;
    private ScheduledExecutorService timer;
    private Admin admin;

    public DeliveryBacklog(BackPressureConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry metrics) {
        this.config = config;
        this.kafka = kafka;
        Gauge.builder("knooppunt.portal.delivery.backlog", this, DeliveryBacklog::gaugeValue)
                .description("Records on knooppunt.deliveries that routing-service has not stored yet (NaN: unknown)")
                .register(metrics);
        Gauge.builder("knooppunt.portal.delivery.backlog.bound", config, c -> c.maxDeliveryBacklog())
                .description("The delivery backlog above which submissions are refused with 503 (0: no bound)")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        if (config.maxDeliveryBacklog() <= 0) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        long intervalMillis = Math.max(100, config.deliveryBacklogInterval().toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "portal-api-delivery-backlog");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(2_000, intervalMillis * 4));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, intervalMillis * 2));
        admin = Admin.create(props);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portal-delivery-backlog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::read, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    /** Whether the backlog is known and above the bound. */
    public boolean overBound() {
        long bound = config.maxDeliveryBacklog();
        long current = current();
        return bound > 0 && current > bound;
    }

    /** The last backlog read, or -1 when it is unknown or stale. */
    public long current() {
        long stale = Math.max(100, config.deliveryBacklogInterval().toMillis()) * 5_000_000L;
        return System.nanoTime() - readAtNanos > stale ? UNKNOWN : backlog;
    }

    private double gaugeValue() {
        long current = current();
        return current < 0 ? Double.NaN : current;
    }

    private void read() {
        try {
            backlog = measure();
            readAtNanos = System.nanoTime();
            if (failing) {
                LOG.infof("Reading the delivery backlog works again (%d records)", backlog);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                LOG.warnf("Cannot read the delivery backlog from Kafka (%s); not shedding on it until it can",
                        e.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    private long measure() throws Exception {
        long timeout = Math.max(2_000, config.deliveryBacklogInterval().toMillis() * 4);
        TopicDescription topic = admin.describeTopics(List.of(Topics.DELIVERIES)).allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS).get(Topics.DELIVERIES);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topic.partitions().forEach(p -> latest.put(new TopicPartition(Topics.DELIVERIES, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.deliveryGroup())
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
        for (TopicPartition partition : ends.keySet()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                uncommitted.put(partition, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = uncommitted.isEmpty() ? Map.of()
                : admin.listOffsets(uncommitted).all().get(timeout, TimeUnit.MILLISECONDS);
        long total = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long from = offset != null ? offset.offset() : starts.get(end.getKey()).offset();
            total += Math.max(0, end.getValue().offset() - from);
        }
        return total;
    }
}
