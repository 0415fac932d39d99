package nl.knooppunt.routing.delivery.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import nl.knooppunt.routing.delivery.service.DeliveryService;
import nl.knooppunt.routing.delivery.service.RefusedDeliveryException;
import nl.knooppunt.standard.kafka.InFlightLimit;

/**
 * Consumes {@code knooppunt.deliveries} at least once, up to {@link DeliveryConcurrencyConfig#concurrency()} records
 * at a time, but the records of one recipient (the record key) one after another in offset order (ADR 0028). A record
 * is acknowledged only after it is stored (or, when refused, after it is on the dead-letter topic); the throttled
 * commit strategy commits a partition only up to its oldest record not acknowledged yet, and a redelivered record is
 * not stored twice (the message id is the primary key). A refused record never blocks its partition. While the database or
 * the broker is down the record waits in place and is retried with back-off until it is stored (ADR 0024), so the
 * consumer recovers by itself; only a defect nacks it, which fails the channel rather than skip the record.
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
    private final InFlightLimit inFlight;
    /** Per recipient, the completion of its latest record taken; removed when that record is done. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> latestOfRecipient = new ConcurrentHashMap<>();

    public DeliveryConsumer(DeliveryService deliveries, DeadLetterPublisher deadLetters,
            DeliveryConcurrencyConfig config) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.inFlight = new InFlightLimit(config.concurrency());
    }

    /**
     * Takes the record and completes as soon as there is room for the next one; the record is stored after the
     * recipient's previous record is done, and acknowledged (or, on a defect, nacked) when it is stored.
     */
    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<byte[]> record) {
        IncomingKafkaRecordMetadata<String, byte[]> origin = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        return Uni.createFrom().completionStage(inFlight::acquire).invoke(() -> after(origin, record));
    }

    private void after(IncomingKafkaRecordMetadata<String, byte[]> origin, Message<byte[]> record) {
        String recipient = origin.getKey() == null ? "" : origin.getKey();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = latestOfRecipient.put(recipient, done);
        Runnable start = () -> handle(origin, record).subscribe().with(
                ignored -> finish(recipient, done),
                failure -> finish(recipient, done));
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((ignored, failure) -> start.run());
        }
    }

    private void finish(String recipient, CompletableFuture<Void> done) {
        latestOfRecipient.remove(recipient, done);
        inFlight.release();
        done.complete(null);
    }

    /** How many records are taken and not done yet (for tests and diagnostics). */
    public int inFlight() {
        return inFlight.running();
    }

    private Uni<Void> handle(IncomingKafkaRecordMetadata<String, byte[]> origin, Message<byte[]> record) {
        byte[] value = record.getPayload();
        // verifying the assertion is CPU work: on a worker thread, not on the channel's event loop
        return Uni.createFrom().deferred(() -> deliveries.store(value))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(RefusedDeliveryException.class).recoverWithUni(failure -> {
                    String reason = ((RefusedDeliveryException) failure).reason();
                    LOG.warnf("delivery refused (%s): message %s, %s-%d@%d", reason, deliveries.messageIdOf(value),
                            origin.getTopic(), origin.getPartition(), origin.getOffset());
                    return deadLetters.publish(origin, value, reason)
                            .onFailure().invoke(f -> LOG.warnf("dead letter of %s-%d@%d not published yet, retrying:"
                                    + " %s", origin.getTopic(), origin.getPartition(), origin.getOffset(),
                                    f.getClass().getSimpleName()))
                            .onFailure().retry().withBackOff(DEAD_LETTER_BACKOFF, DEAD_LETTER_MAX_BACKOFF)
                            .withJitter(0.2).indefinitely();
                })
                .onItem().transformToUni(ignored -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "delivery at %s-%d@%d could not be processed", origin.getTopic(),
                            origin.getPartition(), origin.getOffset());
                    return Uni.createFrom().completionStage(record.nack(failure));
                });
    }
}
