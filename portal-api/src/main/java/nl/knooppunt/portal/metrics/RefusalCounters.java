package nl.knooppunt.portal.metrics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers portal-api's event counters at zero when it starts (ADR 0044), so that alerts on them have a series
 * before the first event and the end-to-end check finds every metric an alert names: verdicts refused by reason
 * (counted by {@code VerdictAwaiter}).
 */
@ApplicationScoped
public class RefusalCounters {

    /** Why portal-api ignores a verdict record (ADR 0014). */
    static final List<String> VERDICT_REFUSALS = List.of("unsealed", "forged", "malformed");

    private final MeterRegistry registry;

    public RefusalCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        VERDICT_REFUSALS.forEach(reason -> Counter.builder("knooppunt.verdicts.refused")
                .description("Verdict records ignored because their seal was missing or wrong, or they were malformed")
                .tag("reason", reason).register(registry));
    }
}
