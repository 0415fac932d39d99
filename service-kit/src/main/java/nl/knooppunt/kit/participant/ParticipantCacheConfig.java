package nl.knooppunt.kit.participant;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The local copy of the participants topic (ADR 0010). Switched on per service with the build property
 * {@code knooppunt.participant-cache.enabled=true}; it needs dead-letter publishing too.
 */
@ConfigMapping(prefix = "knooppunt.participant-cache")
public interface ParticipantCacheConfig {

    /** Whether this service keeps the cache (build time); default false. */
    Optional<Boolean> enabled();

    /** Prefix of the Kafka client id of the cache's consumer; default {@code <quarkus.application.name>}. */
    @WithDefault("${quarkus.application.name}-participant-cache")
    String clientId();

    /** The Kafka bootstrap servers; default {@code kafka.bootstrap.servers}, else {@code localhost:9092}. */
    @WithDefault("${kafka.bootstrap.servers:localhost:9092}")
    String bootstrapServers();

    /** Where the hub's key material lives (the registry's public key checks every snapshot). */
    @WithDefault("${knooppunt.secrets-dir}")
    Path secretsDir();
}
