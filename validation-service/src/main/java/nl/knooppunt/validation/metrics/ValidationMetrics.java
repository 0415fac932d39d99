package nl.knooppunt.validation.metrics;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.crypto.AssertionRejectedException;
import nl.knooppunt.standard.validation.ViolationCodes;

/**
 * validation-service's domain metrics (docs/operations.md, ADR 0044): verdicts by module, type and verdict, violations
 * by module and code, dead letters by reason (pre-registered at zero); the participant cache's own gauges are
 * {@code ParticipantCacheMetrics}.
 * A module or type outside the catalogue is counted as {@code unknown}, so a sender cannot grow the label set.
 */
@ApplicationScoped
public class ValidationMetrics {

    static final String UNKNOWN = "unknown";
    /**
     * Reasons a submission record is dead-lettered for ({@code RefusedException}'s codes, counted by
     * {@code SubmissionProcessor}), besides the assertion's own.
     */
    static final List<String> REFUSAL_REASONS = List.of("record.malformed", "payload.undecryptable",
            "transit.key-destroyed", "processing.failed");

    private final MeterRegistry registry;

    public ValidationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        REFUSAL_REASONS.forEach(this::refusedCounter);
        for (AssertionRejectedException.Reason reason : AssertionRejectedException.Reason.values()) {
            refusedCounter(reason.code());
        }
        for (var module : Catalogue.standard().modules()) {
            for (var type : module.messageTypes()) {
                judged(module.id(), type.type(), "accepted");
                judged(module.id(), type.type(), "rejected");
            }
            ViolationCodes.all().keySet().forEach(code -> violations(module.id(), code));
        }
    }

    /** A submission was accepted. */
    public void accepted(String module, String type) {
        judged(known(module), knownType(module, type), "accepted").increment();
    }

    /** A submission was rejected with these violation codes (each distinct code counted once). */
    public void rejected(String module, String type, Collection<String> codes) {
        String m = known(module);
        judged(m, knownType(module, type), "rejected").increment();
        codes.stream().distinct().forEach(code -> violations(m, code).increment());
    }

    private Counter violations(String module, String code) {
        return Counter.builder("knooppunt.validation.violations")
                .description("Violations in rejected submissions, by module and code")
                .tag("module", module).tag("code", code).register(registry);
    }

    private Counter judged(String module, String type, String verdict) {
        return Counter.builder("knooppunt.validation.judged")
                .description("Submissions judged, by module, type and verdict")
                .tag("module", module).tag("type", type).tag("verdict", verdict).register(registry);
    }

    private Counter refusedCounter(String reason) {
        return Counter.builder("knooppunt.validation.refused").tag("reason", reason).register(registry);
    }

    private static String known(String module) {
        return module != null && Catalogue.standard().module(module).isPresent() ? module : UNKNOWN;
    }

    private static String knownType(String module, String type) {
        return module != null && type != null && Catalogue.standard().messageType(module, type).isPresent() ? type
                : UNKNOWN;
    }
}
