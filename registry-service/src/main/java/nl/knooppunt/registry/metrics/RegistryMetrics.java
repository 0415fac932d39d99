package nl.knooppunt.registry.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * registry-service's domain metrics (docs/operations.md, ADR 0044): participants by kind and status and the snapshot
 * outbox (gauges read from the database every {@code knooppunt.metrics.interval}, so a scrape reads memory only),
 * changes by action and snapshots published. Labels never name a participant.
 */
@ApplicationScoped
public class RegistryMetrics {

    private static final Logger LOG = Logger.getLogger(RegistryMetrics.class);
    static final List<String> STATUSES = List.of("onboarding", "active", "suspended", "left");
    /** The actions the audit trail records (the services' {@code ChangeLog.Change} actions), counted from zero. */
    static final List<String> ACTIONS = List.of("participant.created", "participant.updated",
            "participant.status-changed", "participant.removed", "module.switched-on", "module.switched-off",
            "key.registered", "key.retired", "mandate.granted", "mandate.revoked", "delivery.changed",
            "webhook-secret.issued");

    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Map<String, Long> participants = Map.of();
    private volatile long outboxSize;
    private volatile Instant outboxOldest;
    private long timer = -1;

    public RegistryMetrics(Pool pool, Vertx vertx, MeterRegistry registry, MetricsConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
        this.interval = config.interval();
    }

    void start(@Observes StartupEvent event) {
        for (ParticipantKind kind : ParticipantKind.values()) {
            for (String status : STATUSES) {
                String key = kind.apiName() + "/" + status;
                Gauge.builder("knooppunt.registry.participants", this, m -> m.participants.getOrDefault(key, 0L))
                        .description("Registered participants by kind and status")
                        .tag("kind", kind.apiName()).tag("status", status).register(registry);
            }
        }
        Gauge.builder("knooppunt.registry.snapshot.outbox", this, m -> m.outboxSize)
                .description("Participants whose changed snapshot is not yet published to knooppunt.participants")
                .register(registry);
        Gauge.builder("knooppunt.registry.snapshot.outbox.oldest", this, RegistryMetrics::outboxAge)
                .description("Age of the oldest snapshot waiting for publication (0 when none): how late the"
                        + " caches of validation and routing are at most")
                .baseUnit("seconds").register(registry);
        ACTIONS.forEach(this::changes);
        published("snapshot", 0);
        published("tombstone", 0);
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                refresh().onTermination().invoke(() -> running.set(false))
                        .subscribe().with(done -> { }, f -> LOG.debugf("registry gauges not read: %s", f.toString()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads the gauges from the database now. */
    public Uni<Void> refresh() {
        Uni<Void> byKind = pool.query("select kind, status, count(*) as n from participant group by kind, status")
                .execute()
                .invoke(rows -> {
                    Map<String, Long> next = new HashMap<>();
                    rows.forEach(row -> next.put(row.getString("kind") + "/" + row.getString("status"),
                            row.getLong("n")));
                    participants = next;
                })
                .replaceWithVoid();
        Uni<Void> outbox = pool.query("select count(*) as n, min(enqueued_at) as oldest from participant_outbox")
                .execute()
                .invoke(rows -> rows.forEach(row -> {
                    outboxSize = row.getLong("n");
                    outboxOldest = row.getOffsetDateTime("oldest") == null ? null
                            : row.getOffsetDateTime("oldest").toInstant();
                }))
                .replaceWithVoid();
        return byKind.chain(() -> outbox);
    }

    /** A change was recorded in the audit trail (operator, portal or service), by its action. */
    public void changed(String action) {
        changes(action).increment();
    }

    private Counter changes(String action) {
        return Counter.builder("knooppunt.registry.changes")
                .description("Changes recorded in the audit trail, by action").tag("action", action).register(registry);
    }

    /** Snapshots ({@code snapshot}) or tombstones ({@code tombstone}) published to knooppunt.participants. */
    public void published(String kind, int count) {
        Counter.builder("knooppunt.registry.snapshots.published")
                .description("Participant snapshots published to knooppunt.participants")
                .tag("kind", kind).register(registry).increment(count);
    }

    private double outboxAge() {
        Instant oldest = outboxOldest;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Clock.systemUTC().instant()).toMillis()
                / 1000.0);
    }
}
