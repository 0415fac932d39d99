package nl.knooppunt.registry;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the registry ({@code knooppunt.registry.*}). */
@ConfigMapping(prefix = "knooppunt.registry")
public interface RegistryConfig {

    /**
     * Whether to insert the demo participants (with their modules and API clients) at startup when absent.
     * Off by default; on in dev mode and tests. Never enable it in production.
     */
    @WithDefault("false")
    boolean demoSeed();

    /**
     * A file of demo participants' keys to register with the demo seed: {@code {"keys": [{"participantId",
     * "kid", "publicJwk", "wrappedKey"}]}}, the public JWK and the private key wrapped under a passphrase, as a
     * portal user's browser sends them (ADR 0042). It never holds a private key: the local stack makes the keys on
     * the users' side ({@code .local-stack/demo-users/}) and writes only this. Unset by default (no keys seeded).
     */
    java.util.Optional<java.nio.file.Path> demoSeedKeys();

    /**
     * Whether webhook URLs may use plain {@code http}. Off by default (https only); the local stack turns it on so
     * a developer's receiver on localhost works. Never enable it in production.
     */
    @WithDefault("false")
    boolean allowHttpWebhooks();

    /** How long the previous keys stay valid after a new key is registered (rotation overlap), unless the request says. */
    @WithDefault("P7D")
    Duration keyOverlap();

    /** The longest rotation overlap a request may ask for. */
    @WithDefault("P90D")
    Duration maxKeyOverlap();

    /** Publication of participant snapshots on the compacted topic (ADR 0010). */
    Snapshots snapshots();

    /** Portal participants' private keys, wrapped in their browsers under a passphrase (ADR 0042). */
    WrappedKeys wrappedKeys();

    /** Wrapped private keys of portal participants. */
    interface WrappedKeys {

        /**
         * The fewest PBKDF2 iterations ({@code p2c}) a wrapped key may name; default 210,000, OWASP's advice for
         * PBKDF2-HMAC-SHA-512. The portal wraps with 600,000.
         */
        @WithDefault("210000")
        long minIterations();
    }

    /** The Standard Webhooks signing secrets of push subscribers (ADR 0037). */
    WebhookSecrets webhookSecrets();

    /** Signing secrets of push subscribers. */
    interface WebhookSecrets {

        /**
         * How long the previous secret keeps signing pushes after an operator issued a new one (rotation overlap),
         * unless the request says; default 24 h.
         */
        @WithDefault("PT24H")
        Duration overlap();

        /** The longest rotation overlap a request may ask for; default 7 days. */
        @WithDefault("P7D")
        Duration maxOverlap();

        /** Random bytes of a new secret (Standard Webhooks allows 24 to 64); default 32. */
        @WithDefault("32")
        int bytes();
    }

    /** Publication of participant snapshots. */
    interface Snapshots {

        /** Whether snapshots are published at all (off only in tests that have no Kafka). */
        @WithDefault("true")
        boolean enabled();

        /** How often the outbox is looked at even without a change in this replica (other replicas, retries, key expiry). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Snapshots published per outbox batch. */
        @WithDefault("500")
        int batchSize();

        /** Whether every participant is re-published at startup, so the compacted topic is complete. */
        @WithDefault("true")
        boolean republishAtStartup();
    }
}
