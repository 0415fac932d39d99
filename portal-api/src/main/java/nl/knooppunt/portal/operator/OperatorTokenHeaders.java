package nl.knooppunt.portal.operator;

import java.util.Set;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import nl.knooppunt.portal.security.ServiceTokens;

/** Adds portal-api's service JWT with the operator groups to every operator call to registry-service. */
@ApplicationScoped
public class OperatorTokenHeaders implements ClientHeadersFactory {

    /** Groups an operator call carries. */
    static final Set<String> GROUPS = Set.of("registry.read", "registry.admin");

    private final ServiceTokens tokens;

    public OperatorTokenHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putAll(outgoing);
        headers.putSingle("Authorization", "Bearer " + tokens.forAudience("registry-service", GROUPS));
        return headers;
    }
}
