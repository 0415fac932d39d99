package nl.knooppunt.routing.deadline.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.deadline.repository.DeadlineRepository;
import nl.knooppunt.routing.message.repository.NewMessage;
import nl.knooppunt.routing.metrics.RoutingMetrics;
import nl.knooppunt.standard.calendar.WorkingDays;
import nl.knooppunt.standard.catalogue.Catalogue;

/**
 * Reply deadlines from metadata alone: a request whose type has a reply period ({@code replyPeriodWorkingDays})
 * is due that many working days after submission (same local time); its recipient gets a reminder event
 * {@code reminder-working-days} before, and both parties an overdue event once it is due. An answer from the
 * recipient ({@code inReplyTo} the request) stops the clock.
 */
@ApplicationScoped
public class ReplyDeadlines {

    private static final Logger LOG = Logger.getLogger(ReplyDeadlines.class);

    private final DeadlineRepository repository;
    private final WorkingDays calendar;
    private final Clock clock;
    private final Vertx vertx;
    private final RoutingConfig.Deadlines config;
    private final RoutingMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public ReplyDeadlines(DeadlineRepository repository, WorkingDays calendar, Clock clock, Vertx vertx,
            RoutingConfig config, RoutingMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
        this.calendar = calendar;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.routing().deadlines();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.interval().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                check().onTermination().invoke(() -> running.set(false))
                        .subscribe().with(n -> { }, f -> LOG.warnf("deadline check failed: %s",
                                f.getClass().getName()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** When a request is to be answered: its reminder moment and its due moment. */
    public record Deadline(Instant remindAt, Instant dueAt) {
    }

    /**
     * The reply deadline of a new message: for a request whose type has a reply period, due that many working days
     * after submission with the reminder {@code reminder-working-days} earlier; empty for answers and other types.
     * It is stored with the message (ADR 0041).
     */
    public Optional<Deadline> deadlineOf(NewMessage message) {
        if (message.inReplyTo() != null) {
            return Optional.empty();
        }
        Integer period = Catalogue.standard().messageType(message.module(), message.type())
                .map(type -> type.replyPeriodWorkingDays()).orElse(null);
        if (period == null || period <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Deadline(
                calendar.plus(message.submittedAt(), Math.max(0, period - config.reminderWorkingDays())),
                calendar.plus(message.submittedAt(), period)));
    }

    /** Sends due reminders and overdue events at the clock's current time; answers how many events of each. */
    public Uni<int[]> check() {
        Instant now = clock.instant();
        return repository.markOverdue(now).chain(overdue -> repository.remind(now).map(reminded -> {
            metrics.reminded(reminded);
            metrics.overdue(overdue);
            if (overdue + reminded > 0) {
                LOG.infof("reply deadlines: %d reminders, %d overdue", reminded, overdue);
            }
            return new int[] { reminded, overdue };
        }));
    }
}
