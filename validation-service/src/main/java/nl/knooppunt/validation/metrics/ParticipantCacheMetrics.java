package nl.knooppunt.validation.metrics;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.kit.participant.ParticipantCache;

/**
 * Gauges of the participant cache (ADR 0044): how many participants it holds and how old the newest participant state
 * it holds is. Both read memory only.
 */
@ApplicationScoped
public class ParticipantCacheMetrics {

    private final MeterRegistry registry;
    private final ParticipantCache cache;

    public ParticipantCacheMetrics(MeterRegistry registry, ParticipantCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("knooppunt.validation.participants.cached", cache, ParticipantCache::size)
                .description("Participants held in this replica's cache of knooppunt.participants")
                .register(registry);
        Gauge.builder("knooppunt.validation.participant.snapshot.age", cache,
                        c -> c.newestUpdate()
                                .map(at -> Math.max(0, Duration.between(at, Clock.systemUTC().instant()).toMillis()
                                        / 1000.0))
                                .orElse(Double.NaN))
                .description("Time since the registry recorded the newest participant state this replica holds"
                        + " (NaN before the first)")
                .baseUnit("seconds").register(registry);
    }
}
