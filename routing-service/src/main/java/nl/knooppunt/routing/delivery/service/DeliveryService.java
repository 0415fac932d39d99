package nl.knooppunt.routing.delivery.service;

import static java.time.temporal.ChronoUnit.MICROS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import nl.knooppunt.kit.trace.TraceAttributes;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.deadline.service.ReplyDeadlines;
import nl.knooppunt.routing.delivery.repository.DeliveryRepository;
import nl.knooppunt.routing.message.repository.NewMessage;
import nl.knooppunt.routing.metrics.RoutingMetrics;
import nl.knooppunt.routing.push.DeliveryPreferences;
import nl.knooppunt.routing.push.PushDispatcher;
import nl.knooppunt.standard.calendar.WorkingDays;

/**
 * Puts verified deliveries into their recipients' mailboxes, or queues them for a push where the recipient's delivery
 * is a webhook, once, a consumed batch in one transaction (ADR 0036); starts or stops reply deadlines; records the
 * sender's feed events with the rows.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DeliveryIntake intake;
    private final DeliveryRepository repository;
    private final RoutingConfig.Routing config;
    private final DeliveryPreferences preferences;
    private final PushDispatcher pushes;
    private final ReplyDeadlines deadlines;
    private final WorkingDays calendar;
    private final Clock clock;
    private final Pool pool;
    private final RoutingMetrics metrics;

    public DeliveryService(DeliveryIntake intake, DeliveryRepository repository, RoutingConfig config,
            DeliveryPreferences preferences, PushDispatcher pushes, ReplyDeadlines deadlines,
            WorkingDays calendar, Clock clock, Pool pool, RoutingMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
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
     * Checks every record of a batch and stores the acceptable ones in one transaction, in the batch's order, with
     * their reply deadlines and feed events; a message stored before (a redelivery) is skipped. Answers the records
     * that must not be stored, by their index in the batch, for the caller to dead-letter: those that fail their
     * checks, and those the database refuses outright (found by storing the batch one record at a time once the whole
     * batch was refused). While the database is unreachable the batch is retried in place.
     */
    public Uni<Map<Integer, RefusedDeliveryException>> storeAll(List<byte[]> values) {
        return storeAll(values, List.of());
    }

    /**
     * As {@link #storeAll(List)}, each record's metadata put on its span (by index; ADR 0047) as soon as the record
     * is read; {@code spans} may be empty.
     */
    public Uni<Map<Integer, RefusedDeliveryException>> storeAll(List<byte[]> values, List<Span> spans) {
        Map<Integer, RefusedDeliveryException> refused = new TreeMap<>();
        List<Integer> indexes = new ArrayList<>();
        List<DeliveryRepository.NewRow> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < values.size(); i++) {
            try {
                NewMessage message = intake.accept(values.get(i));
                if (i < spans.size()) {
                    TraceAttributes.message(spans.get(i), message.id(), message.module(), message.type(),
                            message.sender(), message.recipient());
                }
                indexes.add(i);
                Optional<ReplyDeadlines.Deadline> deadline = deadlines.deadlineOf(message);
                // strictly increasing within the batch, so the mailbox order (delivered_at, id) is the record order
                rows.add(new DeliveryRepository.NewRow(message,
                        calendar.plus(message.submittedAt(), config.retentionWorkingDays()),
                        preferences.webhook(message.recipient()).orElse(null), now.plus(rows.size(), MICROS),
                        deadline.map(ReplyDeadlines.Deadline::remindAt).orElse(null),
                        deadline.map(ReplyDeadlines.Deadline::dueAt).orElse(null)));
            } catch (RefusedDeliveryException e) {
                refused.put(i, e);
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(refused);
        }
        return persist(rows).onFailure(failure -> !isTransient(failure)).recoverWithUni(failure -> {
            LOG.warnf("a batch of %d deliveries was refused by the database (%s); storing them one by one",
                    rows.size(), failure.getClass().getSimpleName());
            return Multi.createFrom().range(0, rows.size()).onItem().transformToUniAndConcatenate(k ->
                    persist(List.of(rows.get(k))).onFailure(f -> !isTransient(f)).recoverWithItem(f -> {
                        refused.put(indexes.get(k), new RefusedDeliveryException(
                                RefusedDeliveryException.RECORD_UNSTORABLE, "database refused the record"));
                        return Set.<UUID>of();
                    })).collect().in(HashSet<UUID>::new, Set::addAll);
        }).map(inserted -> {
            report(rows, inserted);
            return refused;
        });
    }

    /** One statement (messages with their feed events and deadlines); retried while the failure is transient. */
    private Uni<Set<UUID>> persist(List<DeliveryRepository.NewRow> rows) {
        Uni<Set<UUID>> attempt = Uni.createFrom().deferred(() -> pool.withTransaction(connection ->
                        repository.insertAll(connection, rows)))
                .onFailure(DeliveryService::isTransient).invoke(failure -> LOG.warnf(
                        "%d deliveries not stored yet, retrying: %s", rows.size(),
                        failure.getClass().getSimpleName()));
        var retry = attempt.onFailure(DeliveryService::isTransient).retry()
                .withBackOff(config.storeBackoff(), MAX_BACKOFF).withJitter(0.2);
        return config.storeRetries() < 0 ? retry.indefinitely() : retry.atMost(config.storeRetries());
    }

    private void report(List<DeliveryRepository.NewRow> rows, Set<UUID> inserted) {
        boolean pushed = false;
        for (DeliveryRepository.NewRow row : rows) {
            NewMessage message = row.message();
            if (!inserted.contains(message.id())) {
                LOG.debugf("message %s: already stored, redelivery ignored", message.id());
            } else if (row.webhook() != null) {
                pushed = true;
                metrics.stored(message.module(), message.type(), "webhook", message.submittedAt(),
                        row.deliveredAt());
                LOG.debugf("message %s (%s/%s) queued for a push to %s", message.id(), message.module(),
                        message.type(), message.recipient());
            } else {
                metrics.stored(message.module(), message.type(), "mailbox", message.submittedAt(),
                        row.deliveredAt());
                LOG.debugf("message %s (%s/%s) delivered to the mailbox of %s", message.id(), message.module(),
                        message.type(), message.recipient());
            }
        }
        if (pushed) {
            pushes.kick();
        }
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
