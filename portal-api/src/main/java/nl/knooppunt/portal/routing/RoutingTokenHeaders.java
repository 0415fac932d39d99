package nl.knooppunt.portal.routing;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.portal.security.ServiceTokenHeaders;
import nl.knooppunt.portal.security.ServiceTokens;

/** Adds portal-api's service JWT to every call to routing-service. */
@Singleton
public class RoutingTokenHeaders extends ServiceTokenHeaders {

    public RoutingTokenHeaders(ServiceTokens tokens) {
        super(tokens, "routing-service", Set.of("mailbox", "messages.read"));
    }
}
