package nl.knooppunt.portal.downstream.registry;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenFilter;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT, with the groups of the method called, to every call to registry-service. */
@Singleton
public class RegistryTokenFilter extends ServiceTokenFilter {

    public RegistryTokenFilter(ServiceTokens tokens) {
        super(tokens, "registry-service");
    }
}
