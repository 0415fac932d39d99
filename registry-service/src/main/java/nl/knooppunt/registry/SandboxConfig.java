package nl.knooppunt.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether this hub is a test environment with sandbox counterparts ({@code knooppunt.sandbox.*}, ADR 0048). */
@ConfigMapping(prefix = "knooppunt.sandbox")
public interface SandboxConfig {

    /**
     * Whether an operator may mark participants as simulated (their own system is the sandbox counterpart). Off by
     * default; the local stack and the {@code sandbox} Kubernetes overlay turn it on. Never in production: the
     * production overlay's policy test fails when it is set.
     */
    @WithDefault("false")
    boolean enabled();
}
