package nl.knooppunt.kit.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The kit's generic {@link ProblemMappers}, switched by the build property {@code knooppunt.problem-mappers.enabled}
 * (portal-api, with mappers of its own, sets it to false); declared here so a service's config knows the key.
 */
@ConfigMapping(prefix = "knooppunt.problem-mappers")
public interface ProblemMappersConfig {

    /** Whether the kit's {@link ProblemMappers} answer this service's failures (build time); default true. */
    @WithDefault("true")
    boolean enabled();
}
