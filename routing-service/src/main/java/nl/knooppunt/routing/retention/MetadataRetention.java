package nl.knooppunt.routing.retention;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.metrics.RoutingMetrics;

/**
 * Deletes what is left of a message once its life ended longer than {@code knooppunt.retention.metadata} ago (ADR
 * 0044): the metadata row of an acknowledged, expired or failed message, or of one delivered by push, with its feed
 * events and reply deadline (which live on the row, ADR 0041). Deletes in batches of short statements, each its own
 * transaction that skips rows locked by others, so no statement holds many locks or holds them long.
 */
@ApplicationScoped
public class MetadataRetention {

    private static final Logger LOG = Logger.getLogger(MetadataRetention.class);

    private final Pool pool;
    private final RoutingConfig.Retention config;
    private final RoutingMetrics metrics;

    public MetadataRetention(Pool pool, RoutingConfig config, RoutingMetrics metrics) {
        this.pool = pool;
        this.config = config.retention();
        this.metrics = metrics;
    }

    /** Deletes every metadata row whose message's life ended before {@code now} minus the retention; answers how many. */
    public Uni<Integer> purge(Instant now) {
        return purgeFrom(now.minus(config.metadata()), 0);
    }

    private Uni<Integer> purgeFrom(Instant closedBefore, int sofar) {
        return pool.preparedQuery("DELETE FROM message WHERE id IN (SELECT id FROM message"
                        + " WHERE closed_at IS NOT NULL AND closed_at < $1 AND payload IS NULL"
                        + " ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(closedBefore.atOffset(ZoneOffset.UTC), config.batchSize()))
                .map(rows -> rows.rowCount())
                .chain(deleted -> {
                    if (deleted > 0) {
                        metrics.purged(deleted);
                        LOG.infof("%d message metadata rows past their retention deleted", deleted);
                    }
                    return deleted < config.batchSize()
                            ? Uni.createFrom().item(sofar + deleted)
                            : purgeFrom(closedBefore, sofar + deleted);
                });
    }
}
