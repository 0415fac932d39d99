package nl.knooppunt.validation.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of validation-service under the {@code knooppunt} prefix. */
@ConfigMapping(prefix = "knooppunt")
public interface KnooppuntConfig {

    /** Directory holding the hub's key files, laid out as {@code nl.knooppunt.standard.crypto.HubSecrets}. */
    @WithDefault("/etc/knooppunt/secrets")
    Path secretsDir();

    /** Transit encryption between portal-api and validation-service, with keys that destroy themselves (ADR 0034). */
    Transit transit();

    /** Transit key settings; both services and every replica must use the same (a state file keeps its own). */
    interface Transit {

        /** How long one transit key encrypts before the next epoch's key takes over. */
        @WithDefault("5m")
        Duration epoch();

        /**
         * How long after its epoch a transit key still opens a submission; then it is destroyed everywhere. At most
         * the retention of {@code knooppunt.submissions} (30 minutes), at least the longest outage of
         * validation-service a submission should survive.
         */
        @WithDefault("30m")
        Duration window();

        /**
         * The ratchet's state file, shared by every portal-api and validation-service instance and rewritten as keys
         * are destroyed (a writable volume); default {@code transit-ratchet.json} in the secrets directory.
         */
        Optional<Path> stateFile();
    }

    /** Settings of the validation itself. */
    Validation validation();

    /** Settings of the validation itself. */
    interface Validation {

        /** How long a delivery's envelope assertion stays valid: as long as the deliveries topic keeps records. */
        @WithDefault("7d")
        Duration deliveryAssertionTtl();

        /** How lookups at registry-service and routing-service are retried while they are unavailable. */
        DependencyRetry dependencyRetry();

        /** How a submission record is retried in place while a dependency stays unavailable (ADR 0024). */
        Redelivery redelivery();
    }

    /**
     * Retry in place of a whole submission record whose lookups or publishing failed after their own retries: the
     * record is processed again after a backoff, for as long as it takes, so its partition waits and nothing is
     * judged on missing data, dropped or dead-lettered; the service recovers by itself when the dependency returns.
     */
    interface Redelivery {

        /** Backoff before the record is processed again for the first time; doubles for every further attempt. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Upper bound of the backoff between two attempts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    /** Retry of a lookup at an unavailable dependency (5xx, connection refused, timeout) before the record waits. */
    interface DependencyRetry {

        /** Retries after the first attempt; when all fail the whole record is retried later ({@link Redelivery}). */
        @WithDefault("5")
        int maxRetries();

        /** Backoff before the first retry; doubles for every further retry. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** Upper bound of the backoff between two retries. */
        @WithDefault("8s")
        Duration maxBackoff();
    }
}
