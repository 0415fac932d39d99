package nl.knooppunt.routing.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.crypto.AssertionRejectedException;

/**
 * routing-service's domain metrics (docs/operations.md, ADR 0044): messages stored, delivery latency per stage,
 * expiries, reply reminders and overdues, purged metadata. Labels are module, type, mode, stage or outcome only, never
 * a participant or message id. Counters are registered at zero for every module at start, so a rate exists before the
 * first event and dashboards find every series.
 */
@ApplicationScoped
public class RoutingMetrics {

    /** Latency buckets from 10 ms to 7 days: storing takes milliseconds, fetching and acknowledging days. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1),
        Duration.ofDays(3), Duration.ofDays(7) };
    /** Stages of a message's way: submitted to stored, stored to fetched, fetched to acknowledged (mailbox). */
    static final List<String> STAGES = List.of("stored", "fetched", "acknowledged");
    /** Push outcomes as {@code PushDispatcher} counts them. */
    static final List<String> PUSH_OUTCOMES = List.of("2xx", "4xx", "5xx", "unreachable", "unsigned-none",
            "unsigned-unreadable");
    /**
     * Reasons routing-service dead-letters a delivery for ({@code RefusedDeliveryException}'s codes, counted by
     * {@code DeadLetterPublisher}; named here so the delivery package does not depend on this one), besides the
     * assertion's own codes.
     */
    static final List<String> REFUSAL_REASONS = List.of("record.malformed", "payload.malformed",
            "record.unstorable");

    private final MeterRegistry registry;

    public RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (var module : Catalogue.standard().modules()) {
            for (String stage : STAGES) {
                latency(stage, module.id());
            }
            expired(module.id());
        }
        reminders();
        overdue();
        purged();
        PUSH_OUTCOMES.forEach(outcome -> registry.counter("knooppunt.routing.pushes", "outcome", outcome));
        REFUSAL_REASONS.forEach(reason -> Counter.builder("knooppunt.routing.refused")
                .description("Records refused and sent to the dead-letter topic").tag("reason", reason)
                .register(registry));
        for (AssertionRejectedException.Reason reason : AssertionRejectedException.Reason.values()) {
            Counter.builder("knooppunt.routing.refused")
                    .description("Records refused and sent to the dead-letter topic")
                    .tag("reason", reason.code()).register(registry);
        }
    }

    /** A message was stored for its recipient: mailbox or push ({@code mode}); records submit-to-stored latency. */
    public void stored(String module, String type, String mode, Instant submittedAt, Instant storedAt) {
        Counter.builder("knooppunt.routing.stored").description("Messages stored for their recipients")
                .tag("module", module).tag("type", type).tag("mode", mode).register(registry).increment();
        observe("stored", module, submittedAt, storedAt);
    }

    /** A message was fetched for the first time: records stored-to-fetched latency. */
    public void fetched(StoredMessage message) {
        observe("fetched", message.module(), message.deliveredAt(), message.fetchedAt());
    }

    /** A message was acknowledged: records fetched-to-acknowledged latency (when it was fetched first). */
    public void acknowledged(StoredMessage message) {
        observe("acknowledged", message.module(), message.fetchedAt(), message.acknowledgedAt());
    }

    /** Messages expired unfetched or unacknowledged (or not pushed in time). */
    public void expired(List<StoredMessage> messages) {
        messages.forEach(message -> expired(message.module()).increment());
    }

    /** Reply reminders sent to recipients of unanswered requests. */
    public void reminded(int count) {
        reminders().increment(count);
    }

    /** Requests that became overdue unanswered. */
    public void overdue(int count) {
        overdue().increment(count);
    }

    /** Message metadata rows deleted at the end of {@code knooppunt.retention.metadata}. */
    public void purged(int count) {
        purged().increment(count);
    }

    private void observe(String stage, String module, Instant from, Instant to) {
        if (from != null && to != null) {
            Duration took = Duration.between(from, to);
            latency(stage, module).record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    private Timer latency(String stage, String module) {
        return Timer.builder("knooppunt.routing.delivery.latency")
                .description("Time a message took per stage: submitted to stored, stored to fetched, fetched to"
                        + " acknowledged")
                .tag("stage", stage).tag("module", module)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private Counter expired(String module) {
        return Counter.builder("knooppunt.routing.expired")
                .description("Messages whose retention ended before they were fetched, acknowledged or pushed")
                .tag("module", module).register(registry);
    }

    private Counter reminders() {
        return Counter.builder("knooppunt.routing.reply.reminders")
                .description("Reminders to recipients of requests not answered near their deadline")
                .register(registry);
    }

    private Counter purged() {
        return Counter.builder("knooppunt.routing.metadata.purged")
                .description("Message metadata rows deleted at the end of knooppunt.retention.metadata")
                .register(registry);
    }

    private Counter overdue() {
        return Counter.builder("knooppunt.routing.reply.overdue")
                .description("Requests not answered by their deadline").register(registry);
    }
}
