package nl.knooppunt.portal.security;

import java.util.Set;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/** Adds portal-api's service JWT for one internal audience and set of groups to every call of a REST client. */
public abstract class ServiceTokenHeaders implements ClientHeadersFactory {

    private final ServiceTokens tokens;
    private final String audience;
    private final Set<String> groups;

    protected ServiceTokenHeaders(ServiceTokens tokens, String audience, Set<String> groups) {
        this.tokens = tokens;
        this.audience = audience;
        this.groups = Set.copyOf(groups);
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putAll(outgoing);
        headers.putSingle("Authorization", "Bearer " + tokens.forAudience(audience, groups));
        return headers;
    }
}
