package nl.knooppunt.routing.delivery.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

    private final DeliveryService deliveries;
    private final DeadLetterPublisher deadLetters;

    public DeliveryConsumer(DeliveryService deliveries, DeadLetterPublisher deadLetters) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
    }

    /** Stores the batch, dead-letters its refused records, then acknowledges it (nacks it on a defect). */
    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        List<byte[]> values = records.stream().map(KafkaRecord::getPayload).toList();
        // checking assertions is CPU work: on a worker thread, not on the channel's event loop
        return Uni.createFrom().deferred(() -> deliveries.storeAll(values))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(refused -> deadLetterAll(records, refused))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "a batch of %d deliveries could not be processed", records.size());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                });
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

    @SuppressWarnings("unchecked")
    private static long offsetOf(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
    }
}
