package nl.knooppunt.routing.deadletter;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import nl.knooppunt.standard.kafka.DeadLetters;

/**
 * Sends refused records to {@code knooppunt.dead-letters} as metadata only (original key, the value without its
 * payload: {@link DeadLetters#redact(byte[])}, ADR 0034), with the reason code and the record's origin in headers, and counts them ({@code knooppunt.routing.refused}, tag {@code reason}).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** Outgoing channel of refused records. */
    public static final String CHANNEL = "dead-letters";
    /** Header with the reason code; never content. */
    public static final String REASON_HEADER = "knooppunt-reason";
    /** Header with the topic the record was refused from. */
    public static final String SOURCE_TOPIC_HEADER = "knooppunt-source-topic";
    /** Header with the partition the record was refused from. */
    public static final String SOURCE_PARTITION_HEADER = "knooppunt-source-partition";
    /** Header with the offset of the refused record. */
    public static final String SOURCE_OFFSET_HEADER = "knooppunt-source-offset";
    /** Counter of refused records. */
    public static final String REFUSED_METRIC = "knooppunt.routing.refused";

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Forwards a refused record, named by its origin; completes when the broker has it. */
    public Uni<Void> publish(String topic, int partition, long offset, String key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, utf8(reason));
        headers.add(SOURCE_TOPIC_HEADER, utf8(topic));
        headers.add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET_HEADER, utf8(Long.toString(offset)));
        Message<byte[]> record = Message.of(DeadLetters.redact(value).getBytes(StandardCharsets.UTF_8)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
        return emitter.sendMessage(record)
                .invoke(() -> Counter.builder(REFUSED_METRIC)
                        .description("Records refused and sent to the dead-letter topic")
                        .tag("reason", reason)
                        .register(registry)
                        .increment());
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
