package nl.knooppunt.kit.deadletter;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import nl.knooppunt.standard.kafka.DeadLetters;

/**
 * Sends refused records to {@code knooppunt.dead-letters} as metadata only (original key, the value without its
 * payload: {@link DeadLetters#redact(String)}, ADR 0034), always with the four headers of the wire contract: reason,
 * source topic, partition and offset ({@link DeadLetters}). Counts them in {@code knooppunt.dead-letters.refused-metric}
 * when a service names one. Every returned Uni completes when the broker has the record.
 */
@ApplicationScoped
@IfBuildProperty(name = "knooppunt.dead-letters.enabled", stringValue = "true")
public class DeadLetterPublisher {

    /** Outgoing channel of refused records. */
    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry registry;
    private final DeadLetterConfig config;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, MeterRegistry registry,
            DeadLetterConfig config) {
        this.emitter = emitter;
        this.registry = registry;
        this.config = config;
    }

    /** Forwards a refused record whose value is text, named by its origin. */
    public Uni<Void> publish(String topic, int partition, long offset, String key, String value, String reason) {
        return send(topic, partition, offset, key, DeadLetters.redact(value), reason);
    }

    /** Forwards a refused record whose value is bytes, named by its origin. */
    public Uni<Void> publish(String topic, int partition, long offset, String key, byte[] value, String reason) {
        return send(topic, partition, offset, key, DeadLetters.redact(value), reason);
    }

    private Uni<Void> send(String topic, int partition, long offset, String key, String redacted, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON_HEADER, utf8(reason));
        headers.add(DeadLetters.SOURCE_TOPIC_HEADER, utf8(topic));
        headers.add(DeadLetters.SOURCE_PARTITION_HEADER, utf8(Integer.toString(partition)));
        headers.add(DeadLetters.SOURCE_OFFSET_HEADER, utf8(Long.toString(offset)));
        Message<String> record = Message.of(redacted).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
        return emitter.sendMessage(record).invoke(() -> config.refusedMetric().ifPresent(metric -> Counter
                .builder(metric)
                .description("Records refused and sent to the dead-letter topic")
                .tag("reason", reason)
                .register(registry)
                .increment()));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
