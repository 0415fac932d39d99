package nl.knooppunt.validation.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.security.ServiceTokens;

/** Adds a service JWT for registry-service (group registry.read) to every registry call. */
@ApplicationScoped
public class RegistryTokenHeaders extends ReactiveClientHeadersFactory {

    static final String AUDIENCE = "registry-service";
    static final String GROUP = "registry.read";

    private final ServiceTokens tokens;

    public RegistryTokenHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        return tokens.authorizationHeader(AUDIENCE, GROUP);
    }
}
