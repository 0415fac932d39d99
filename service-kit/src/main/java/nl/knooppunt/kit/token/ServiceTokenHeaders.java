package nl.knooppunt.kit.token;

import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;

/**
 * Adds a service JWT for one audience and group to every call of a REST client; a service names its downstream
 * service and group in a small subclass, registered on the client with {@code @RegisterClientHeaders}.
 */
public abstract class ServiceTokenHeaders extends ReactiveClientHeadersFactory {

    private final ServiceTokens tokens;
    private final String audience;
    private final String group;

    protected ServiceTokenHeaders(ServiceTokens tokens, String audience, String group) {
        this.tokens = tokens;
        this.audience = audience;
        this.group = group;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        return tokens.authorizationHeader(audience, group);
    }
}
