package nl.knooppunt.validation.routing;

import jakarta.inject.Singleton;

import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds a service JWT for routing-service (group messages.read) to every routing call. */
@Singleton
public class RoutingTokenHeaders extends ServiceTokenHeaders {

    static final String AUDIENCE = "routing-service";
    static final String GROUP = "messages.read";

    public RoutingTokenHeaders(ServiceTokens tokens) {
        super(tokens, AUDIENCE, GROUP);
    }
}
