package nl.knooppunt.routing.delivery.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import org.apache.kafka.common.header.Header;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import nl.knooppunt.kit.deadletter.DeadLetterPublisher;
import nl.knooppunt.routing.delivery.service.DeliveryService;
import nl.knooppunt.routing.delivery.service.RefusedDeliveryException;

/**
 * Consumes {@code knooppunt.deliveries} at least once, a polled batch at a time (ADR 0036): every record is checked,
 * the acceptable ones are stored in one transaction in offset order (so each recipient's messages, which share a
 * partition, keep their order), the refused ones are dead-lettered one by one, and only then is the batch
 * acknowledged; the throttled commit strategy commits the offsets after it. A redelivered batch stores nothing twice
 * (the message id is the primary key). A refused record never blocks its partition or its batch. While the database
 * or the broker is down the batch waits in place and is retried with back-off (ADR 0024), so the consumer recovers by
 * itself; only a defect nacks it, which fails the channel rather than skip records.
 */
@ApplicationScoped
public class DeliveryConsumer {

    /** Incoming channel of the deliveries. */
    public static final String CHANNEL = "deliveries";

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);
    private static final Duration DEAD_LETTER_BACKOFF = Duration.ofMillis(500);
    private static final Duration DEAD_LETTER_MAX_BACKOFF = Duration.ofSeconds(30);

    /** Reads a W3C {@code traceparent} (and {@code tracestate}) from a record's headers. */
    private static final TextMapGetter<KafkaRecord<String, byte[]>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(KafkaRecord<String, byte[]> record) {
            List<String> keys = new java.util.ArrayList<>();
            record.getHeaders().forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(KafkaRecord<String, byte[]> record, String key) {
            Header header = record == null ? null : record.getHeaders().lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    private final DeliveryService deliveries;
    private final DeadLetterPublisher deadLetters;
    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    public DeliveryConsumer(DeliveryService deliveries, DeadLetterPublisher deadLetters, OpenTelemetry telemetry,
            Tracer tracer) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.telemetry = telemetry;
        this.tracer = tracer;
    }

    /** Stores the batch, dead-letters its refused records, then acknowledges it (nacks it on a defect). */
    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        List<byte[]> values = records.stream().map(KafkaRecord::getPayload).toList();
        // one span per record, in the trace its traceparent header continues (ADR 0047): a batch mixes the records
        // of many traces, so the batch itself is no span's parent
        List<Span> spans = records.stream().map(record -> tracer.spanBuilder("routing store")
                .setParent(traceOf(record)).startSpan()).toList();
        // checking assertions is CPU work: on a worker thread, not on the channel's event loop
        return Uni.createFrom().deferred(() -> deliveries.storeAll(values, spans))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(refused -> refused.forEach((index, refusal) -> spans.get(index)
                        .setAttribute("knooppunt.refused", refusal.reason()).setStatus(StatusCode.ERROR)))
                .chain(refused -> deadLetterAll(records, refused))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "a batch of %d deliveries could not be processed", records.size());
                    spans.forEach(span -> span.setStatus(StatusCode.ERROR));
                    return Uni.createFrom().completionStage(batch.nack(failure));
                })
                .onTermination().invoke(() -> spans.forEach(Span::end));
    }

    private Uni<Void> deadLetterAll(List<KafkaRecord<String, byte[]>> records,
            Map<Integer, RefusedDeliveryException> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(refused.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> deadLetter(records.get(entry.getKey()),
                        entry.getValue().reason()))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, String reason) {
        long offset = offsetOf(record);
        LOG.warnf("delivery refused (%s): message %s, %s-%d@%d", reason, deliveries.messageIdOf(record.getPayload()),
                record.getTopic(), record.getPartition(), offset);
        return deadLetters.publish(record.getTopic(), record.getPartition(), offset, record.getKey(),
                        record.getPayload(), reason)
                .onFailure().invoke(f -> LOG.warnf("dead letter of %s-%d@%d not published yet, retrying: %s",
                        record.getTopic(), record.getPartition(), offset, f.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(DEAD_LETTER_BACKOFF, DEAD_LETTER_MAX_BACKOFF)
                .withJitter(0.2).indefinitely();
    }

    /** The record's trace: the messaging connector's receive span where it made one, else its headers' traceparent. */
    private Context traceOf(KafkaRecord<String, byte[]> record) {
        return TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext)
                .orElseGet(() -> telemetry.getPropagators().getTextMapPropagator()
                        .extract(Context.root(), record, HEADERS));
    }

    @SuppressWarnings("unchecked")
    private static long offsetOf(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
    }
}
