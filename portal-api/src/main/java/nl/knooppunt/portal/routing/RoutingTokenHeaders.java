package nl.knooppunt.portal.routing;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT to every call to routing-service. */
@Singleton
public class RoutingTokenHeaders extends ServiceTokenHeaders {

    public RoutingTokenHeaders(ServiceTokens tokens) {
        super(tokens, "routing-service", Set.of("mailbox", "messages.read"));
    }
}
