package nl.knooppunt.routing.delivery.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.deadline.service.ReplyDeadlines;
import nl.knooppunt.routing.message.repository.Inserted;
import nl.knooppunt.routing.message.repository.MessageRepository;
import nl.knooppunt.routing.message.repository.NewMessage;
import nl.knooppunt.routing.push.DeliveryPreferences;
import nl.knooppunt.routing.push.PushDispatcher;
import nl.knooppunt.standard.calendar.WorkingDays;

/**
 * Puts a verified delivery into its recipient's mailbox, or queues it for a push when the recipient's delivery is a
 * webhook, once; starts or stops reply deadlines; tells the sender.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DeliveryIntake intake;
    private final MessageRepository repository;
    private final RoutingConfig.Routing config;
    private final DeliveryPreferences preferences;
    private final PushDispatcher pushes;
    private final ReplyDeadlines deadlines;
    private final WorkingDays calendar;
    private final Clock clock;

    public DeliveryService(DeliveryIntake intake, MessageRepository repository, RoutingConfig config,
            DeliveryPreferences preferences, PushDispatcher pushes, ReplyDeadlines deadlines,
            WorkingDays calendar, Clock clock) {
        this.intake = intake;
        this.repository = repository;
        this.config = config.routing();
        this.preferences = preferences;
        this.pushes = pushes;
        this.deadlines = deadlines;
        this.calendar = calendar;
        this.clock = clock;
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
        Optional<URI> webhook = preferences.webhook(message.recipient());
        Instant expiresAt = calendar.plus(message.submittedAt(), config.retentionWorkingDays());
        Uni<Optional<Inserted>> attempt = Uni.createFrom().deferred(() -> deadlines.track(message)
                        .chain(() -> repository.insert(message, expiresAt, webhook.orElse(null), clock.instant())))
                .onFailure(DeliveryService::isTransient).invoke(failure -> LOG.warnf(
                        "message %s not stored yet, retrying: %s", message.id(), failure.getClass().getSimpleName()));
        var retry = attempt.onFailure(DeliveryService::isTransient).retry()
                .withBackOff(config.storeBackoff(), MAX_BACKOFF).withJitter(0.2);
        Uni<Optional<Inserted>> stored = config.storeRetries() < 0 ? retry.indefinitely()
                : retry.atMost(config.storeRetries());
        return stored
                .onFailure(failure -> !isTransient(failure)).transform(e -> new RefusedDeliveryException(
                        RefusedDeliveryException.RECORD_UNSTORABLE, "database refused the record"))
                .onItem().transformToUni(inserted -> {
                    if (inserted.isEmpty()) {
                        LOG.debugf("message %s: already stored, redelivery ignored", message.id());
                        return Uni.createFrom().voidItem();
                    }
                    if (webhook.isPresent()) {
                        LOG.debugf("message %s (%s/%s) queued for a push to %s", message.id(), message.module(),
                                message.type(), message.recipient());
                        pushes.kick();
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("message %s (%s/%s) delivered to the mailbox of %s", message.id(), message.module(),
                            message.type(), message.recipient());
                    return Uni.createFrom().voidItem();
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
