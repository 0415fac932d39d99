package nl.knooppunt.routing.delivery.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.message.repository.MessageRepository;
import nl.knooppunt.routing.message.repository.NewMessage;
import nl.knooppunt.routing.message.service.MessageEventPublisher;
import nl.knooppunt.standard.envelope.MessageStatus;

/** Puts a verified delivery into its recipient's mailbox, once, and tells the sender it was delivered. */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DeliveryIntake intake;
    private final MessageRepository repository;
    private final MessageEventPublisher events;
    private final RoutingConfig.Routing config;

    public DeliveryService(DeliveryIntake intake, MessageRepository repository, MessageEventPublisher events,
            RoutingConfig config) {
        this.intake = intake;
        this.repository = repository;
        this.events = events;
        this.config = config.routing();
    }

    /**
     * Checks and stores the record's message; a redelivered message is not stored or announced again. Fails with
     * {@link RefusedDeliveryException} when the record must not be stored.
     */
    public Uni<Void> store(byte[] value) {
        NewMessage message;
        try {
            message = intake.accept(value);
        } catch (RefusedDeliveryException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().deferred(() -> repository.insert(message,
                        message.submittedAt().plus(config.retention())))
                .onFailure(DeliveryService::isTransient).retry()
                .withBackOff(config.storeBackoff(), MAX_BACKOFF).atMost(config.storeRetries())
                .onFailure(failure -> !isTransient(failure)).transform(e -> new RefusedDeliveryException(
                        RefusedDeliveryException.RECORD_UNSTORABLE, "database refused the record"))
                .onItem().transformToUni(deliveredAt -> {
                    if (deliveredAt.isEmpty()) {
                        LOG.debugf("message %s: already in the mailbox, redelivery ignored", message.id());
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("message %s (%s/%s) delivered to the mailbox of %s", message.id(), message.module(),
                            message.type(), message.recipient());
                    return events.publish(message.id(), message.sender(), message.recipient(),
                            MessageStatus.DELIVERED, deliveredAt.get());
                });
    }

    /** The message id of a record, if readable; for logging only. */
    public String messageIdOf(byte[] value) {
        return intake.messageIdOf(value);
    }

    /** A failure worth retrying: anything but a data (22) or integrity (23) error reported by PostgreSQL. */
    private static boolean isTransient(Throwable failure) {
        return !(failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23")));
    }
}
