package nl.knooppunt.routing.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.security.ServiceTokens;

/** Adds a service JWT for registry-service (group webhook.secrets) to every registry call. */
@ApplicationScoped
public class RegistryTokenHeaders extends ReactiveClientHeadersFactory {

    static final String AUDIENCE = "registry-service";
    static final String GROUP = "webhook.secrets";

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
