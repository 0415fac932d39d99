package nl.knooppunt.portal.registry;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT to every call to registry-service. */
@Singleton
public class RegistryTokenHeaders extends ServiceTokenHeaders {

    public RegistryTokenHeaders(ServiceTokens tokens) {
        super(tokens, "registry-service", Set.of("registry.read", "registry.keys"));
    }
}
