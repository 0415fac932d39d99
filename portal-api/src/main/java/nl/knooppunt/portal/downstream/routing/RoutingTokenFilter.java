package nl.knooppunt.portal.downstream.routing;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenFilter;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT, with the groups of the method called, to every call to routing-service. */
@Singleton
public class RoutingTokenFilter extends ServiceTokenFilter {

    public RoutingTokenFilter(ServiceTokens tokens) {
        super(tokens, "routing-service");
    }
}
