package nl.knooppunt.kit.deadletter;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Dead-letter publishing. Switched on per service with the build property {@code knooppunt.dead-letters.enabled=true}
 * (and an outgoing channel {@value DeadLetterPublisher#CHANNEL} to {@code knooppunt.dead-letters}).
 */
@ConfigMapping(prefix = "knooppunt.dead-letters")
public interface DeadLetterConfig {

    /** Whether this service publishes dead letters (build time); default false. */
    Optional<Boolean> enabled();

    /** A counter of published dead letters, tag {@code reason}; default none. */
    Optional<String> refusedMetric();
}
