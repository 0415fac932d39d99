package nl.knooppunt.portal.message;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How submissions with an {@code Idempotency-Key} recover from a replica that gave up or crashed (ADR 0025). */
@ConfigMapping(prefix = "knooppunt.idempotency")
public interface IdempotencyConfig {

    /**
     * After how long an open claim of a key (no result recorded yet) may be taken over by a retry with the same body;
     * default 5 s. Taking over is safe at any time, because the retry submits the same message ids again; a short
     * lease only spares a client whose first attempt died with its replica a long wait.
     */
    @WithDefault("5s")
    Duration lease();

    /** How often recording the first result of a key at routing-service is tried; default 3. */
    @WithDefault("3")
    int completeAttempts();
}
