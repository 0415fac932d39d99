package nl.knooppunt.validation.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.security.ServiceTokens;

/** Adds a service JWT for routing-service (group messages.read) to every routing call. */
@ApplicationScoped
public class RoutingTokenHeaders extends ReactiveClientHeadersFactory {

    static final String AUDIENCE = "routing-service";
    static final String GROUP = "messages.read";

    private final ServiceTokens tokens;

    public RoutingTokenHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        return tokens.authorizationHeader(AUDIENCE, GROUP);
    }
}
