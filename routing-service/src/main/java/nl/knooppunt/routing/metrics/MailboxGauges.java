package nl.knooppunt.routing.metrics;

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

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.standard.catalogue.Catalogue;

/**
 * The mailbox gauges: messages waiting for their recipient (in a mailbox, or for a push) and the age of the oldest, per
 * delivery mode and module. One grouped query every {@code knooppunt.metrics.interval} computes them, so a scrape
 * only reads memory however often Prometheus asks.
 */
@ApplicationScoped
public class MailboxGauges {

    private static final Logger LOG = Logger.getLogger(MailboxGauges.class);
    static final List<String> MODES = List.of("mailbox", "webhook");

    private final Pool pool;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Map<String, Waiting> waiting = Map.of();
    private long timer = -1;

    /** What waits in one mode and module: how many, and since when the oldest (null when none). */
    record Waiting(long count, Instant oldest) {
    }

    public MailboxGauges(Pool pool, Clock clock, Vertx vertx, MeterRegistry registry, RoutingConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.vertx = vertx;
        this.registry = registry;
        this.interval = config.metrics().interval();
    }

    void start(@Observes StartupEvent event) {
        for (String mode : MODES) {
            for (var module : Catalogue.standard().modules()) {
                String key = key(mode, module.id());
                Gauge.builder("knooppunt.routing.waiting", this, gauges -> gauges.count(key))
                        .description("Messages waiting for their recipient: in the mailbox (not acknowledged) or"
                                + " for a push")
                        .tag("mode", mode).tag("module", module.id()).register(registry);
                Gauge.builder("knooppunt.routing.oldest.waiting", this, gauges -> gauges.age(key))
                        .description("Age of the oldest message waiting for its recipient (0 when none)")
                        .baseUnit("seconds").tag("mode", mode).tag("module", module.id()).register(registry);
            }
        }
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> refreshInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void refreshInBackground() {
        if (running.compareAndSet(false, true)) {
            refresh().onTermination().invoke(() -> running.set(false))
                    .subscribe().with(done -> { }, f -> LOG.debugf("mailbox gauges not read: %s", f.toString()));
        }
    }

    /** Reads the gauges from the database now. */
    public Uni<Void> refresh() {
        return pool.query("SELECT delivery_mode, module, count(*) AS waiting,"
                        + " min(coalesce(delivered_at, submitted_at)) AS oldest FROM message"
                        + " WHERE status IN ('accepted', 'delivered', 'fetched') GROUP BY delivery_mode, module")
                .execute()
                .invoke(rows -> {
                    Map<String, Waiting> next = new HashMap<>();
                    rows.forEach(row -> next.put(key(row.getString("delivery_mode"), row.getString("module")),
                            new Waiting(row.getLong("waiting"), row.getOffsetDateTime("oldest").toInstant())));
                    waiting = next;
                })
                .replaceWithVoid();
    }

    private double count(String key) {
        Waiting w = waiting.get(key);
        return w == null ? 0 : w.count();
    }

    private double age(String key) {
        Waiting w = waiting.get(key);
        return w == null || w.oldest() == null ? 0
                : Math.max(0, Duration.between(w.oldest(), clock.instant()).toMillis() / 1000.0);
    }

    private static String key(String mode, String module) {
        return mode + "/" + module;
    }
}
