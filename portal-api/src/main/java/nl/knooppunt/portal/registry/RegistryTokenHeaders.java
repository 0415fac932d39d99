package nl.knooppunt.portal.registry;

import java.util.Set;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import nl.knooppunt.portal.security.ServiceTokens;

/** Adds portal-api's service JWT to every call to registry-service. */
@ApplicationScoped
public class RegistryTokenHeaders implements ClientHeadersFactory {

    private final ServiceTokens tokens;

    public RegistryTokenHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization",
                "Bearer " + tokens.forAudience("registry-service", Set.of("registry.read", "registry.keys")));
        return headers;
    }
}
