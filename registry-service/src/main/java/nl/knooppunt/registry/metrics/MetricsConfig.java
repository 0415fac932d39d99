package nl.knooppunt.registry.metrics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Domain metrics of registry-service under {@code knooppunt.metrics.*}. */
@ConfigMapping(prefix = "knooppunt.metrics")
public interface MetricsConfig {

    /** How often the gauges (participants, snapshot outbox) are read from the database; default 30 s. */
    @WithDefault("PT30S")
    Duration interval();
}
