package nl.knooppunt.routing.delivery.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import nl.knooppunt.routing.delivery.service.DeliveryService;
import nl.knooppunt.routing.delivery.service.RefusedDeliveryException;

/**
 * Consumes {@code knooppunt.deliveries} at least once: a record is acknowledged only after it is stored (or, when
 * refused, after it is on the dead-letter topic). A refused record never blocks its partition; a storage outage
 * that outlasts the retries fails the channel (health goes down, the record is consumed again after restart).
 */
@ApplicationScoped
public class DeliveryConsumer {

    /** Incoming channel of the deliveries. */
    public static final String CHANNEL = "deliveries";

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);

    private final DeliveryService deliveries;
    private final DeadLetterPublisher deadLetters;

    public DeliveryConsumer(DeliveryService deliveries, DeadLetterPublisher deadLetters) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<byte[]> record) {
        IncomingKafkaRecordMetadata<String, byte[]> origin = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        byte[] value = record.getPayload();
        return deliveries.store(value)
                .onFailure(RefusedDeliveryException.class).recoverWithUni(failure -> {
                    String reason = ((RefusedDeliveryException) failure).reason();
                    LOG.warnf("delivery refused (%s): message %s, %s-%d@%d", reason, deliveries.messageIdOf(value),
                            origin.getTopic(), origin.getPartition(), origin.getOffset());
                    return deadLetters.publish(origin, value, reason);
                })
                .onItem().transformToUni(ignored -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "delivery at %s-%d@%d could not be processed", origin.getTopic(),
                            origin.getPartition(), origin.getOffset());
                    return Uni.createFrom().completionStage(record.nack(failure));
                });
    }
}
