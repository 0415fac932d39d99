package nl.knooppunt.sandbox.conformance;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one scenario.
 *
 * @param name        stable name, e.g. {@code exchange.schuldinventarisatie.saldoverzoek}
 * @param description what it checks
 * @param outcome     passed, failed or skipped
 * @param message     why it failed or was skipped (empty when it passed)
 * @param took        how long it ran
 * @param log         what it did, step by step (ids and types, never content)
 */
public record ScenarioResult(String name, String description, Outcome outcome, String message, Duration took,
        List<String> log) {

    /** How a scenario ended. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED
    }
}
