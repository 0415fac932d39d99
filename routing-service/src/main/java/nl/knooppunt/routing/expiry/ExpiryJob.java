package nl.knooppunt.routing.expiry;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.expiry.repository.ExpiryRepository;
import nl.knooppunt.routing.idempotency.repository.IdempotencyRepository;
import nl.knooppunt.routing.metrics.RoutingMetrics;
import nl.knooppunt.routing.retention.MetadataRetention;

/**
 * Ends retention: every message still waiting (in a mailbox or for a push) when its retention ends loses its
 * payload and becomes expired; the sender sees the expired event in its feed and on Kafka. Also forgets
 * idempotency keys older than their time to live, and deletes the metadata of messages whose life ended longer than
 * {@code knooppunt.retention.metadata} ago ({@link MetadataRetention}).
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);

    private final ExpiryRepository messages;
    private final IdempotencyRepository idempotency;
    private final Clock clock;
    private final Vertx vertx;
    private final RoutingConfig.Expiry config;
    private final MetadataRetention retention;
    private final RoutingMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public ExpiryJob(ExpiryRepository messages, IdempotencyRepository idempotency, Clock clock,
            Vertx vertx, RoutingConfig config, MetadataRetention retention, RoutingMetrics metrics) {
        this.retention = retention;
        this.metrics = metrics;
        this.messages = messages;
        this.idempotency = idempotency;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.routing().expiry();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.interval().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                run().onTermination().invoke(() -> running.set(false))
                        .subscribe().with(n -> { }, f -> LOG.warnf("expiry run failed: %s", f.getClass().getName()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One run at the clock's current time; answers how many messages expired. */
    public Uni<Integer> run() {
        Instant now = clock.instant();
        return expireAll(now, 0)
                .call(() -> idempotency.purge(now.minus(config.idempotencyKeyTtl())))
                .call(() -> retention.purge(now));
    }

    private Uni<Integer> expireAll(Instant now, int sofar) {
        return messages.expire(now, config.batchSize()).chain(expired -> {
            if (expired.isEmpty()) {
                return Uni.createFrom().item(sofar);
            }
            metrics.expired(expired);
            LOG.infof("%d messages expired, ciphertexts removed", expired.size());
            return expired.size() < config.batchSize()
                    ? Uni.createFrom().item(sofar + expired.size())
                    : expireAll(now, sofar + expired.size());
        });
    }
}
