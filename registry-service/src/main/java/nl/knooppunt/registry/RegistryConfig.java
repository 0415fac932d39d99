package nl.knooppunt.registry;

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
}
