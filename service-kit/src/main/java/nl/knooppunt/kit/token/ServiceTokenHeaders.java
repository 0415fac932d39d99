package nl.knooppunt.kit.token;

import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;

/**
 * Adds a service JWT for one audience and its groups to every call of a REST client; a service names its downstream
 * service and group(s) in a small subclass, registered on the client with {@code @RegisterClientHeaders}.
 */
public abstract class ServiceTokenHeaders extends ReactiveClientHeadersFactory {

    private final ServiceTokens tokens;
    private final String audience;
    private final Set<String> groups;

    protected ServiceTokenHeaders(ServiceTokens tokens, String audience, String group) {
        this(tokens, audience, Set.of(group));
    }

    /** Tokens carrying several groups, e.g. read and write of the same downstream API. */
    protected ServiceTokenHeaders(ServiceTokens tokens, String audience, Set<String> groups) {
        this.tokens = tokens;
        this.audience = audience;
        this.groups = Set.copyOf(groups);
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        return tokens.authorizationHeader(audience, groups);
    }
}
